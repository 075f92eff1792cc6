// the console's script: refreshes the content from its fragment route (with the token from the
// token box, if any), keeps the fleet filters across refreshes and draws the charts with uPlot.
// the fragments are rendered and escaped on the server; the script only moves them into place.
export const CLIENT_SCRIPT = `
(function () {
  var main = document.getElementById('console');
  var params = new URLSearchParams(location.search);
  var refreshMs = Math.max(250, Number(params.get('refresh_ms')) || Number(main.dataset.refreshMs) || 2000);
  var filters = { state: params.get('state') || '', role: params.get('role') || '' };
  var lastHtml = null;
  var COLORS = ['#1a56b0', '#d9534f', '#4fa58f', '#8e6cc4', '#e0a030', '#555555'];

  function applyFilters() {
    var stateSel = document.getElementById('filter-state');
    var roleSel = document.getElementById('filter-role');
    if (!stateSel || !roleSel) return;
    stateSel.value = filters.state;
    roleSel.value = filters.role;
    document.querySelectorAll('#agents tr').forEach(function (tr) {
      if ((filters.state && tr.dataset.state !== filters.state) || (filters.role && tr.dataset.role !== filters.role)) tr.remove();
    });
    stateSel.onchange = roleSel.onchange = function () {
      filters.state = stateSel.value;
      filters.role = roleSel.value;
      if (lastHtml !== null) show(lastHtml); else applyFilters();
    };
  }

  function drawCharts() {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var data = JSON.parse(el.dataset.chart);
      var series = [{}].concat(data.labels.map(function (label, i) {
        return { label: label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false };
      }));
      var opts = { title: el.dataset.title, width: Math.max(300, el.clientWidth), height: 200, series: series,
        axes: [{}, { size: 50 }], legend: { show: true },
        scales: { x: { time: true, range: function () { return [Number(el.dataset.from), Number(el.dataset.to)]; } } },
        // the pages say UTC everywhere, so the charts do too.
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); } };
      new uPlot(opts, data.columns, el);
      el.dataset.drawn = 'true';
    });
  }

  function show(html) {
    lastHtml = html;
    main.innerHTML = html;
    applyFilters();
    drawCharts();
  }

  function load() {
    var headers = {};
    var token = sessionStorage.getItem('agent-otel-token');
    if (token) headers.Authorization = 'Bearer ' + token;
    fetch(main.dataset.fragment + location.search, { headers: headers }).then(function (res) {
      if (res.status === 401) { document.getElementById('token-box').hidden = false; throw new Error('this receiver needs a bearer token'); }
      if (!res.ok && res.status !== 404) throw new Error('HTTP ' + res.status);
      return res.text();
    }).then(function (html) {
      document.getElementById('error').textContent = '';
      if (token) document.getElementById('token-box').hidden = true;
      show(html);
    }).catch(function (err) {
      document.getElementById('error').textContent = err.message;
    }).finally(function () { setTimeout(load, refreshMs); });
  }

  document.getElementById('token-save').onclick = function () {
    // the next refresh uses it.
    sessionStorage.setItem('agent-otel-token', document.getElementById('token').value);
  };
  if (main.children.length > 0) {
    lastHtml = main.innerHTML;
    applyFilters();
    drawCharts();
    setTimeout(load, refreshMs);
  } else {
    load();
  }
})();
`;
