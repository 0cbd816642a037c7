// An indicator's chart: data from the "chart-data" JSON, series names from data attributes.
document.addEventListener("DOMContentLoaded", () => {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const element = document.getElementById("indicator-chart");
  const labels = element.dataset;
  const chart = echarts.init(element);
  const last = data.actual.reduce((acc, v, i) => v !== null ? i : acc, -1);
  const forecast = data.periods.map((_, i) => (i === data.periods.length - 1 && data.forecast !== null) ? data.forecast : (i === last ? data.actual[i] : null));
  chart.setOption({
    tooltip: {trigger: "axis"}, legend: {top: 0},
    grid: {left: 50, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: data.periods},
    yAxis: {type: "value", name: data.unit, scale: true},
    series: [
      {name: labels.labelActual, type: "line", data: data.actual, connectNulls: false, itemStyle: {color: "#b71c1c"}},
      {name: labels.labelRequired, type: "line", data: data.required, lineStyle: {type: "dashed"}, itemStyle: {color: "#1565c0"}},
      {name: labels.labelPrevious, type: "line", data: data.previous, itemStyle: {color: "#9e9e9e"}},
      {name: labels.labelForecast, type: "line", data: forecast, connectNulls: true, lineStyle: {type: "dotted"}, itemStyle: {color: "#f9a825"}},
    ],
  });
  window.indicatorChartReady = true;
});
