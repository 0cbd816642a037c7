/* Battle map (挂图作战): draws the charts from briefings:dashboard_data; every mark links to its tasks. */
(function () {
  "use strict";
  const LIGHT_COLORS = {done: "#1565c0", green: "#2e7d32", yellow: "#f9a825", red: "#c62828", unreported: "#8e24aa",
                        none: "#b0bec5"};
  const LIGHT_ORDER = ["done", "green", "yellow", "red", "unreported", "none"];
  const charts = {};
  window.dashboardCharts = charts;

  function drillUrl(data, extra) {
    const params = new URLSearchParams();
    Object.entries(Object.assign({}, data.filters, extra || {})).forEach(([k, v]) => {
      if (v !== "" && v !== null && v !== undefined) params.set(k, v);
    });
    const query = params.toString();
    return data.drill_url + (query ? "?" + query : "");
  }

  function chart(id) {
    const element = document.getElementById(id);
    if (!element) return null;
    charts[id] = charts[id] || echarts.init(element);
    return charts[id];
  }

  function kpis(data) {
    const box = document.getElementById("kpis");
    box.textContent = "";
    data.kpis.forEach(k => {
      const a = document.createElement("a");
      a.className = "kpi";
      a.id = "kpi-" + k.key;
      a.href = drillUrl(data, k.filters);
      const n = document.createElement("div");
      n.className = "n";
      n.textContent = k.value;
      const l = document.createElement("div");
      l.className = "l";
      l.textContent = k.label + (k.rate !== undefined ? " · " + k.rate + "%" : "");
      a.append(n, l);
      box.append(a);
    });
  }

  function dimension(data, key) {
    const rows = data[key].slice().reverse();
    const c = chart("chart-dimension");
    c.clear();
    c.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: {top: 0},
      grid: {left: 200, right: 60, top: 30, bottom: 20},
      xAxis: {type: "value"},
      yAxis: {type: "category", data: rows.map(r => r.name), axisLabel: {width: 190, overflow: "truncate"}},
      series: LIGHT_ORDER.map(light => ({
        name: data.light_names[light], type: "bar", stack: "lights", id: light, barMaxWidth: 36,
        itemStyle: {color: LIGHT_COLORS[light]},
        data: rows.map(r => ({value: r.lights[light] || 0, filters: Object.assign({}, r.filters, {[data.light_filter]: light})})),
      })),
    });
    c.off("click");
    c.on("click", p => { if (p.data && p.data.value) window.location = drillUrl(data, p.data.filters); });
  }

  function statusPie(data) {
    const c = chart("chart-status");
    c.setOption({
      tooltip: {trigger: "item", formatter: "{b}: {c} ({d}%)"},
      series: [{type: "pie", radius: ["40%", "70%"], data: data.by_status.map(r => ({name: r.name, value: r.value, filters: r.filters}))}],
    });
    c.on("click", p => window.location = drillUrl(data, p.data.filters));
  }

  function ranking(data, labels) {
    const rows = data.unit_ranking.rows.slice().reverse();
    document.getElementById("ranking-title").textContent += " · " + data.unit_ranking.label;
    const c = chart("chart-ranking");
    c.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 140, right: 40, top: 10, bottom: 20},
      xAxis: {type: "value"},
      yAxis: {type: "category", data: rows.map(r => r.rank + ". " + r.name), axisLabel: {width: 130, overflow: "truncate"}},
      series: [{type: "bar", name: data.unit_ranking.label, itemStyle: {color: "#b71c1c"},
                label: {show: true, position: "right"},
                data: rows.map(r => ({value: r.score, filters: r.filters}))}],
    });
    c.on("click", p => { if (p.data.filters) window.location = drillUrl(data, p.data.filters); });
  }

  function taskTable(id, rows, data, labels, allFilters, allId) {
    const body = document.querySelector("#" + id + " tbody");
    body.textContent = "";
    document.getElementById(allId).href = drillUrl(data, allFilters);
    if (!rows.length) {
      const tr = body.insertRow();
      tr.insertCell().textContent = labels.none;
      return;
    }
    rows.forEach(r => {
      const tr = body.insertRow();
      const title = tr.insertCell();
      const a = document.createElement("a");
      a.href = data.task_url.replace("{id}", r.id);
      a.className = "task-link";
      a.textContent = r.title;
      title.append(a);
      tr.insertCell().textContent = r.unit;
      tr.insertCell().textContent = r.deadline;
      const state = tr.insertCell();
      if (r.days_overdue) {
        state.textContent = labels.overdue_days.replace("%(n)s", r.days_overdue);
      } else {
        const badge = document.createElement("span");
        badge.className = "badge light-" + r.light;
        badge.textContent = data.light_names[r.light];
        state.append(badge);
      }
    });
  }

  function monthBounds(month) {
    const [y, m] = month.split("-").map(Number);
    const last = new Date(y, m, 0).getDate();
    return {deadline_from: month + "-01", deadline_to: month + "-" + String(last).padStart(2, "0")};
  }

  function timeline(data, labels) {
    const t = data.timeline;
    const c = chart("chart-timeline");
    const series = [];
    t.groups.forEach(g => {
      series.push({name: g.name + " · " + labels.due, type: "bar", groupFilters: g.filters,
                   data: t.months.map(m => ({value: (g.months[m] || {}).due || 0, filters: Object.assign({}, g.filters, monthBounds(m))}))});
      series.push({name: g.name + " · " + labels.completed, type: "bar", groupFilters: g.filters,
                   data: t.months.map(m => ({value: (g.months[m] || {}).completed || 0,
                                             filters: Object.assign({status: "completed"}, g.filters, monthBounds(m))}))});
      if (t.months.some(m => (g.months[m] || {}).milestones)) {  // roadmap: milestones due; opens the group's tasks
        series.push({name: g.name + " · " + labels.milestones, type: "line", groupFilters: g.filters,
                     data: t.months.map(m => ({value: (g.months[m] || {}).milestones || 0, filters: g.filters}))});
      }
    });
    c.setOption({
      tooltip: {trigger: "axis"}, legend: {top: 0, type: "scroll"},
      grid: {left: 50, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: t.months}, yAxis: {type: "value"}, series: series,
    });
    c.on("click", p => { if (p.data && p.data.value) window.location = drillUrl(data, p.data.filters); });
  }

  function trend(data) {
    if (!data.trend) return;
    document.getElementById("trend-card").hidden = false;
    const c = chart("chart-trend");
    c.setOption({
      tooltip: {trigger: "axis"}, legend: {top: 0},
      grid: {left: 50, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: data.trend.periods}, yAxis: {type: "value"},
      series: LIGHT_ORDER.map(light => ({
        name: data.light_names[light], type: "line", stack: "lights", areaStyle: {}, itemStyle: {color: LIGHT_COLORS[light]},
        data: data.trend.periods.map((p, i) => ({value: (data.trend.lights[light] || [])[i] || 0, filters: {period: p, snap_light: light}})),
      })),
    });
    c.on("click", p => { if (p.data) window.location = drillUrl(data, p.data.filters); });
  }

  function indicators(data, labels) {
    const rows = data.indicators || [];
    if (!rows.length) return;
    document.getElementById("indicator-card").hidden = false;
    const overview = data.indicator_overview;
    if (overview) {
      document.getElementById("indicator-caption").textContent = overview.caption;
      document.getElementById("indicator-all").href = overview.url;
    }
    const box = document.getElementById("indicator-gauges");
    // The server sends only the indicators to draw (selectors.INDICATORS_SHOWN), most behind first.
    rows.forEach((r, i) => {
      const div = document.createElement("div");
      div.className = "gauge";
      div.id = "gauge-" + i;
      box.append(div);
      const g = chart(div.id);
      const ratio = r.target ? Math.round((r.actual || 0) / r.target * 1000) / 10 : 0;
      g.setOption({series: [{type: "gauge", min: 0, max: Math.max(120, Math.ceil(ratio / 10) * 10), progress: {show: true},
        detail: {formatter: "{value}%", fontSize: 16}, title: {fontSize: 12, offsetCenter: [0, "80%"]},
        data: [{value: ratio, name: r.name}]}]});
      if (r.url) g.on("click", () => window.location = r.url);
    });
    const withSeries = rows.filter(r => r.series && r.series.length);
    if (!withSeries.length) return;
    const months = [...new Set(withSeries.flatMap(r => r.series.map(s => s[0])))].sort();
    const c = chart("chart-indicator-trend");
    c.setOption({
      tooltip: {trigger: "axis"}, legend: {top: 0, type: "scroll"},
      grid: {left: 50, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: months}, yAxis: {type: "value"},
      series: withSeries.flatMap(r => {
        const byMonth = Object.fromEntries(r.series.map(s => [s[0], s[1]]));
        return [
          {name: r.name + " · " + labels.actual, type: "line", data: months.map(m => byMonth[m] ?? null), connectNulls: true},
          {name: r.name + " · " + labels.target, type: "line", lineStyle: {type: "dashed"}, symbol: "none",
           data: months.map(m => (r.target_series && r.target_series[m] !== undefined) ? r.target_series[m] : r.target)},
        ];
      }),
    });
  }

  function projects(data, labels) {
    const p = data.projects;
    if (!p || !p.months || !p.months.length) return;
    document.getElementById("project-card").hidden = false;
    const c = chart("chart-projects");
    c.setOption({
      tooltip: {trigger: "axis"}, legend: {top: 0},
      grid: {left: 70, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: p.months}, yAxis: {type: "value", name: p.unit_label || ""},
      series: [
        {name: labels.planned, type: "bar", itemStyle: {color: "#90a4ae"}, data: p.planned_line},
        {name: labels.done, type: "bar", itemStyle: {color: "#1565c0"}, data: p.completed_line},
      ],
    });
    if (p.url) c.on("click", () => window.location = p.url);
  }

  // --- suggestions and proposals (建议提案办理): its own data, every number opens its items ---
  function proposalUrl(panel, filters, figure) {
    const params = new URLSearchParams();
    Object.entries(Object.assign({}, filters, {figure: figure})).forEach(([k, v]) => {
      if (v !== "" && v !== null && v !== undefined) params.set(k, v);
    });
    return panel.list_url + "?" + params.toString();
  }

  function proposalLink(panel, row, figure) {
    const cell = row.cells[figure];
    const a = document.createElement("a");
    a.href = proposalUrl(panel, row.filters, figure);
    a.className = "proposal-figure";
    a.dataset.figure = figure;
    a.textContent = cell.value + (cell.rate !== null && cell.rate !== undefined ? " (" + cell.rate + "%)" : "");
    return a;
  }

  function proposalPanel(panel, view, labels) {
    const card = document.getElementById("proposal-card");
    card.hidden = false;
    const select = document.getElementById("proposal-session");
    select.textContent = "";
    panel.sessions.forEach(s => {
      const option = new Option(s.name + " (" + s.items + ")", s.id);
      option.selected = panel.session && s.id === panel.session.id;
      select.append(option);
    });
    const kpiBox = document.getElementById("proposal-kpis");
    kpiBox.textContent = "";
    const head = document.querySelector("#proposal-table thead");
    const body = document.querySelector("#proposal-table tbody");
    head.textContent = "";
    body.textContent = "";
    if (!panel.total) return;
    ["received", "assigned", "on_time", "late", "overdue", "A", "B", "C", "evaluated", "commitments_done"].forEach(key => {
      const cell = panel.total.cells[key];
      const column = panel.columns.find(c => c.key === key);
      const a = document.createElement("a");
      a.className = "kpi";
      a.id = "proposal-kpi-" + key;
      a.href = proposalUrl(panel, panel.total.filters, key);
      const n = document.createElement("div");
      n.className = "n";
      n.textContent = cell.value;
      const l = document.createElement("div");
      l.className = "l";
      l.textContent = column.label + (cell.rate !== null && cell.rate !== undefined ? " · " + cell.rate + "%" : "");
      a.append(n, l);
      kpiBox.append(a);
    });
    const rows = panel[view];
    const tr = head.insertRow();
    tr.insertCell().textContent = view === "by_unit" ? labels.proposal_units : labels.proposal_categories;
    panel.columns.forEach(c => { tr.insertCell().textContent = c.label; });
    [panel.total].concat(rows).forEach(row => {
      const line = body.insertRow();
      line.insertCell().textContent = row.name;
      panel.columns.forEach(c => line.insertCell().append(proposalLink(panel, row, c.key)));
    });
    const more = document.getElementById("proposal-more");
    more.hidden = !(view === "by_unit" && panel.units_total > rows.length);
    more.href = panel.figures_url + "?session=" + panel.session.id;
    more.textContent = labels.all_units.replace("%(n)s", panel.units_total);
    const shown = rows.slice(0, 15).reverse();
    const replies = chart("chart-proposal-replies");
    replies.clear();
    const series = [["on_time", LIGHT_COLORS.green], ["late", LIGHT_COLORS.yellow], ["overdue", LIGHT_COLORS.red]];
    replies.setOption({
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}}, legend: {top: 0},
      grid: {left: 160, right: 30, top: 30, bottom: 20},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: shown.map(r => r.name), axisLabel: {width: 150, overflow: "truncate"}},
      series: series.map(([key, color]) => ({
        name: panel.columns.find(c => c.key === key).label, type: "bar", stack: "replies", barMaxWidth: 30,
        itemStyle: {color: color},
        data: shown.map(r => ({value: r.cells[key].value, url: proposalUrl(panel, r.filters, key)})),
      })),
    });
    replies.off("click");
    replies.on("click", p => { if (p.data && p.data.value) window.location = p.data.url; });
    const classes = chart("chart-proposal-classes");
    classes.setOption({
      tooltip: {trigger: "item", formatter: "{b}: {c} ({d}%)"},
      color: [LIGHT_COLORS.green, LIGHT_COLORS.done, LIGHT_COLORS.yellow],
      series: [{type: "pie", radius: ["35%", "65%"], data: ["A", "B", "C"].map(key => ({
        name: panel.columns.find(c => c.key === key).label, value: panel.total.cells[key].value,
        url: proposalUrl(panel, panel.total.filters, key)}))}],
    });
    classes.off("click");
    classes.on("click", p => { if (p.data && p.data.value) window.location = p.data.url; });
    window.proposalPanelReady = view;
  }

  async function proposals(labels) {
    const card = document.getElementById("proposal-card");
    if (!card) return;
    let view = "by_unit";
    let panel;
    const load = async session => {
      const url = card.dataset.url + (session ? "?session=" + encodeURIComponent(session) : "");
      const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (!response.ok) return;
      panel = await response.json();
      window.proposalPanel = panel;
      proposalPanel(panel, view, labels);
    };
    document.getElementById("proposal-session").addEventListener("change", e => load(e.target.value));
    card.querySelectorAll("[data-proposal-view]").forEach(button => button.addEventListener("click", () => {
      card.querySelectorAll("[data-proposal-view]").forEach(b => b.classList.toggle("active", b === button));
      view = button.dataset.proposalView;
      if (panel) proposalPanel(panel, view, labels);
    }));
    await load("");
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const root = document.getElementById("dashboard");
    const labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
    let data;
    try {
      const response = await fetch(root.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}});
      data = await response.json();
      if (!response.ok) throw new Error(JSON.stringify(data.errors || {}));
    } catch (error) {
      root.textContent = root.dataset.error;
      window.dashboardReady = "error";
      return;
    }
    window.dashboardData = data;
    document.getElementById("dashboard-stamp").textContent = labels.stamp + " " + data.generated_at.replace("T", " ");
    kpis(data);
    let current = "by_category";
    dimension(data, current);
    document.querySelectorAll("#dimension-tabs .tab").forEach(button => button.addEventListener("click", async () => {
      document.querySelectorAll("#dimension-tabs .tab").forEach(b => b.classList.toggle("active", b === button));
      current = button.dataset.dimension;
      if (!data[current]) {  // fetched when first opened, with the same filters
        const params = new URLSearchParams(data.filters);
        params.set("dimension", current);
        const response = await fetch(data.data_url + "?" + params, {credentials: "same-origin"});
        data[current] = (await response.json())[current] || [];
      }
      dimension(data, current);
      window.dimensionReady = current;
    }));
    statusPie(data);
    ranking(data, labels);
    taskTable("overdue-list", data.overdue, data, labels, {deadline_window: "overdue"}, "overdue-all");
    taskTable("at-risk-list", data.at_risk, data, labels, {light: "red"}, "at-risk-red");
    document.getElementById("at-risk-yellow").href = drillUrl(data, {light: "yellow"});
    timeline(data, labels);
    trend(data);
    indicators(data, labels);
    projects(data, labels);
    proposals(labels);
    window.addEventListener("resize", () => Object.values(charts).forEach(c => c.resize()));
    // Ready once the bars have finished growing, so a screenshot or a click sees them in place.
    const ready = () => { window.dashboardReady = true; };
    charts["chart-dimension"].on("finished", ready);
    setTimeout(ready, 3000);
  });
})();
