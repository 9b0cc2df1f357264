namespace OrderPlatform.AppHost.Dashboard;

internal static class Page
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OrderPlatform dashboard</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222; }
  h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
  .sub { color: #666; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; }
  tr.sel { background: #eef4ff; }
  tr { cursor: pointer; }
  .state { font-weight: 600; }
  .Healthy, .Reused { color: #137333; } .Starting, .Running, .Restarting, .Pending { color: #b06000; }
  .Unhealthy, .Failed { color: #c5221f; } .Stopped, .Stopping { color: #666; }
  pre { background: #111; color: #ddd; padding: .8rem; height: 26rem; overflow: auto; font-size: 12px; white-space: pre-wrap; }
  .health { max-width: 28rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
</style>
</head>
<body>
<h1>OrderPlatform</h1>
<div class="sub" id="settings"></div>
<table>
  <thead><tr><th>Resource</th><th>Kind</th><th>State</th><th>PID</th><th>URL</th><th>Health</th><th>Restarts</th><th>Started</th><th>Depends on</th></tr></thead>
  <tbody id="rows"></tbody>
</table>
<h2 style="font-size:1.1rem" id="logtitle">Console log</h2>
<pre id="log">Select a resource to see its console log.</pre>
<script>
let selected = null;
const esc = s => (s ?? '').toString().replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function refresh() {
  try {
    const rs = await (await fetch('/api/resources')).json();
    document.getElementById('rows').innerHTML = rs.map(r => `
      <tr data-name="${esc(r.name)}" class="${r.name === selected ? 'sel' : ''}">
        <td>${esc(r.name)}</td><td>${esc(r.kind)}</td><td class="state ${esc(r.state)}">${esc(r.state)}</td>
        <td>${esc(r.pid)}</td><td>${r.url ? `<a href="${esc(r.url)}" target="_blank">${esc(r.url)}</a>` : ''}</td>
        <td class="health" title="${esc(r.health)}">${esc(r.health)}</td><td>${r.restarts}</td>
        <td>${r.startedAt ? new Date(r.startedAt).toLocaleTimeString() : ''}</td><td>${esc(r.dependsOn.join(', '))}</td>
      </tr>`).join('');
    document.querySelectorAll('#rows tr').forEach(tr => tr.onclick = () => { selected = tr.dataset.name; refresh(); });
    if (selected) {
      const log = document.getElementById('log');
      const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
      log.textContent = await (await fetch(`/api/resources/${encodeURIComponent(selected)}/logs?tail=400`)).text();
      document.getElementById('logtitle').textContent = `Console log: ${selected}`;
      if (atBottom) log.scrollTop = log.scrollHeight;
    }
  } catch (e) { document.getElementById('settings').textContent = 'AppHost not answering: ' + e; }
}
fetch('/api/settings').then(r => r.json()).then(s => document.getElementById('settings').innerHTML =
  `Gateway <a href="${esc(s.gateway)}/health">${esc(s.gateway)}</a> · run folder ${esc(s.runDirectory)} · demo data ${s.seedDemoData ? 'loaded' : 'not loaded'}`);
refresh(); setInterval(refresh, 2000);
</script>
</body>
</html>
""";
}
