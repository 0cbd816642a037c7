// A project's investment chart: data from the "chart-data" JSON, series names from data attributes.
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const element = document.getElementById("project-chart");
  const labels = element.dataset;
  const chart = echarts.init(element);
  chart.setOption({
    tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: data.months}, yAxis: {type: "value", name: data.unit},
    series: [
      {name: labels.labelMonthly, type: "bar", data: data.monthly, itemStyle: {color: "#90a4ae"}},
      {name: labels.labelCumulative, type: "line", data: data.cumulative, itemStyle: {color: "#b71c1c"}},
      {name: labels.labelPlan, type: "line", data: data.plan, lineStyle: {type: "dashed"}, itemStyle: {color: "#1565c0"}},
    ],
  });
  window.projectChartReady = true;
});
