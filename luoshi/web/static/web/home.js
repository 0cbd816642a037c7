// The home page's two charts; the data address and the ledger address come from data attributes.
document.addEventListener("DOMContentLoaded", async () => {
  const root = document.getElementById("home-charts");
  const data = await (await fetch(root.dataset.source, {credentials: "same-origin"})).json();
  const ledger = root.dataset.ledger;
  const category = echarts.init(document.getElementById("chart-category"));
  category.setOption({
    tooltip: {}, grid: {left: 180, right: 20, top: 10, bottom: 20},
    xAxis: {type: "value"}, yAxis: {type: "category", data: data.by_category.map(r => r.name).reverse(),
      axisLabel: {width: 170, overflow: "truncate"}},
    series: [{type: "bar", data: data.by_category.map(r => r.value).reverse(), itemStyle: {color: "#b71c1c"}}]
  });
  category.on("click", p => { window.location = ledger + "?category=" + encodeURIComponent(p.name); });
  const status = echarts.init(document.getElementById("chart-status"));
  status.setOption({tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["40%", "70%"], data: data.by_status}]});
  status.on("click", p => { window.location = ledger + "?status=" + encodeURIComponent(p.data.key); });
  window.dashboardReady = true;
});
