"""Key projects (重点项目): pipelines, batches, investment and milestones."""
