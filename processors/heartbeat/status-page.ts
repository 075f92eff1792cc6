// the fleet status page: static html, no data inside; the script polls /v1/agents and renders
// with textContent only, so agent-supplied strings can never inject markup.
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>agent fleet status</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
  .bar { display: flex; gap: 1rem; align-items: center; margin-bottom: .75rem; flex-wrap: wrap; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; }
  .state { font-weight: 600; padding: .1rem .4rem; border-radius: 3px; }
  .state-up { background: #d7f5d7; } .state-late { background: #fff0c2; }
  .state-down { background: #ffd4d4; } .state-new { background: #e3ecff; } .state-paused { background: #e8e8e8; }
  .status-off_track, .status-blocked { color: #b00; } .status-drifting { color: #b06b00; }
  .transitions { color: #555; font-size: 12px; }
  #error { color: #b00; }
  #counts span { margin-right: .8rem; }
</style>
</head>
<body>
<h1>Agent fleet</h1>
<div class="bar">
  <label>state <select id="filter-state"><option value="">all</option><option>up</option><option>late</option>
    <option>down</option><option>new</option><option>paused</option></select></label>
  <label>role <select id="filter-role"><option value="">all</option></select></label>
  <span id="counts"></span>
  <span id="updated"></span>
  <span id="error"></span>
  <span id="token-box" hidden><input id="token" type="password" placeholder="bearer token">
    <button id="token-save">use token</button></span>
</div>
<table>
  <thead><tr><th>agent</th><th>role</th><th>state</th><th>on-track</th><th>task</th>
    <th>heartbeat age</th><th>restarts</th><th>recent transitions</th></tr></thead>
  <tbody id="agents"></tbody>
</table>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var refreshMs = Math.max(250, Number(params.get('refresh_ms')) || 2000);
  var stateSel = document.getElementById('filter-state');
  var roleSel = document.getElementById('filter-role');
  stateSel.value = params.get('state') || '';
  var wantedRole = params.get('role') || '';
  var roles = {};
  function cell(row, text, cls) {
    var td = document.createElement('td');
    if (cls) { var s = document.createElement('span'); s.className = cls; s.textContent = text; td.appendChild(s); }
    else td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function age(s) {
    if (s === null || s === undefined) return 'never';
    return s < 120 ? s.toFixed(1) + ' s' : Math.round(s / 60) + ' min';
  }
  var lastBody = null;
  function render(body) {
    lastBody = body;
    body.agents.forEach(function (a) {
      if (!roles[a.role]) {
        roles[a.role] = true;
        var o = document.createElement('option'); o.textContent = a.role; roleSel.appendChild(o);
        if (a.role === wantedRole) roleSel.value = wantedRole;
      }
    });
    var tbody = document.getElementById('agents');
    var rows = [];
    body.agents.forEach(function (a) {
      if (stateSel.value && a.state !== stateSel.value) return;
      if (roleSel.value && a.role !== roleSel.value) return;
      var tr = document.createElement('tr');
      tr.dataset.agentId = a.agent_id; tr.dataset.state = a.state; tr.dataset.role = a.role;
      cell(tr, a.name ? a.agent_id + ' (' + a.name + ')' : a.agent_id);
      cell(tr, a.role);
      cell(tr, a.state, 'state state-' + a.state);
      cell(tr, a.status, 'status-' + a.status);
      cell(tr, [a.task_id, a.phase].filter(Boolean).join(' / '));
      cell(tr, age(a.heartbeat_age_s));
      cell(tr, String(a.restarts));
      cell(tr, a.recent_transitions.slice(-3).reverse().map(function (t) {
        return t.at.slice(11, 19) + ' ' + t.from + '\\u2192' + t.to + ' (' + t.reason + ')';
      }).join('; '), 'transitions');
      rows.push(tr);
    });
    tbody.replaceChildren.apply(tbody, rows);
    var counts = document.getElementById('counts');
    counts.replaceChildren();
    Object.keys(body.counts).forEach(function (k) {
      var s = document.createElement('span'); s.id = 'count-' + k; s.textContent = k + ': ' + body.counts[k];
      counts.appendChild(s);
    });
    document.getElementById('updated').textContent = 'updated ' + body.generated_at.slice(11, 19) + ' UTC';
  }
  function load() {
    var headers = {};
    var token = sessionStorage.getItem('agent-otel-token');
    if (token) headers.Authorization = 'Bearer ' + token;
    fetch('v1/agents', { headers: headers }).then(function (res) {
      if (res.status === 401) { document.getElementById('token-box').hidden = false; throw new Error('this receiver needs a bearer token'); }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (body) {
      document.getElementById('error').textContent = '';
      render(body);
    }).catch(function (err) {
      document.getElementById('error').textContent = err.message;
    }).finally(function () { setTimeout(load, refreshMs); });
  }
  document.getElementById('token-save').onclick = function () {
    sessionStorage.setItem('agent-otel-token', document.getElementById('token').value);
  };
  stateSel.onchange = roleSel.onchange = function () {
    wantedRole = roleSel.value;
    if (lastBody) render(lastBody);
  };
  load();
})();
</script>
</body>
</html>
`;
