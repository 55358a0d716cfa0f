// The page's only script, inline (no build step, no framework, no external asset). It
// - keeps the function key the page was opened with (?code=) on its links and its POST, because in
//   Azure every call needs it and a page cannot read the x-functions-key header it was sent with;
// - copies commands; fills the what-if form from a target's setup;
// - posts the form to the planner as JSON and draws the plan — or every wrong field — from the
//   answer with textContent only, so nothing the server says is parsed as markup.
// Served under a CSP that allows exactly this script (by hash): no inline handlers, no eval.

export const PAGE_SCRIPT = `
'use strict';
(function () {
  var key = new URLSearchParams(location.search).get('code');
  function withKey(href) {
    var url = new URL(href, location.href);
    if (key) url.searchParams.set('code', key);
    return url.toString();
  }
  document.querySelectorAll('a[data-keep-key]').forEach(function (link) { link.href = withKey(link.getAttribute('href')); });

  var form = document.getElementById('what-if-form');
  var result = document.getElementById('what-if-result');

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  document.addEventListener('click', function (event) {
    var copy = event.target.closest('button[data-copy]');
    if (copy) return copyCommand(copy);
    var prefill = event.target.closest('button[data-prefill]');
    if (prefill) {
      fill(JSON.parse(prefill.getAttribute('data-prefill')));
      form.scrollIntoView({ behavior: 'smooth', block: 'start' });
      form.elements.current.focus({ preventScroll: true });
    }
  });

  function copyCommand(button) {
    var text = button.parentElement.querySelector('code').textContent;
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).then(done, function () { select(button); });
    select(button);
  }
  function select(button) {
    var range = document.createRange();
    range.selectNodeContents(button.parentElement.querySelector('code'));
    var selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = 'Press Ctrl+C';
  }

  function fill(values) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) field.value = values[field.name] === undefined ? (field.tagName === 'SELECT' ? field.options[0].value : '') : String(values[field.name]);
    });
    showEgressFields();
    showNames();
  }
  // Commands name the watched resource the form was filled from, until the egress type changes.
  function showNames() {
    var names = form.elements.names.value ? JSON.parse(form.elements.names.value) : null;
    var note = document.getElementById('what-if-names');
    note.hidden = !names;
    note.textContent = !names ? '' : 'Commands will name ' + (names.kind === 'aks'
      ? 'AKS cluster ' + names.clusterName : 'NAT gateway ' + names.natGatewayName) + ' in ' + names.resourceGroup + '.';
  }
  function showEgressFields() {
    var type = form.elements.type.value;
    form.querySelectorAll('[data-only]').forEach(function (node) { node.hidden = node.getAttribute('data-only') !== type; });
  }
  form.elements.type.addEventListener('change', function () {
    form.elements.names.value = '';
    showNames();
    showEgressFields();
  });
  showEgressFields();

  function readRequest() {
    var f = form.elements;
    var num = function (name) { var v = f[name].value.trim(); return v === '' ? undefined : Number(v); };
    var surge = f.surge.value.trim();
    var egress = f.type.value === 'natGateway'
      ? { type: 'natGateway', publicIps: num('ips'), idleTimeoutMinutes: num('idle') }
      : { type: 'loadBalancer', frontendIps: num('ips'), allocatedOutboundPorts: num('ports'), idleTimeoutMinutes: num('idle') };
    var request = {
      egress: egress,
      nodes: { current: num('current'), max: num('max'), surge: surge === '' ? undefined : /%$/.test(surge) ? surge : Number(surge) },
    };
    var workload = {
      peakConnectionsPerNode: num('peak'), sameDestinationShare: num('share'), pooled: f.pooled.value === '' ? undefined : f.pooled.value === 'yes',
      newConnectionsPerMinute: num('rate'), connectionSeconds: num('seconds'),
    };
    if (Object.keys(workload).some(function (k) { return workload[k] !== undefined; })) request.workload = workload;
    if (f.names.value) {
      var target = JSON.parse(f.names.value);
      // The cluster's own IPs or prefixes travel with its names; they describe the egress.
      if (target.outboundIps && egress.type === 'loadBalancer') egress.outboundIps = target.outboundIps;
      delete target.outboundIps;
      request.target = target;
    }
    return request;
  }

  var fieldOf = {
    'egress.frontendIps': 'ips', 'egress.publicIps': 'ips', 'egress.allocatedOutboundPorts': 'ports', 'egress.idleTimeoutMinutes': 'idle',
    'nodes.current': 'current', 'nodes.max': 'max', 'nodes.surge': 'surge',
    'workload.peakConnectionsPerNode': 'peak', 'workload.sameDestinationShare': 'share', 'workload.pooled': 'pooled',
    'workload.newConnectionsPerMinute': 'rate', 'workload.connectionSeconds': 'seconds',
  };

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    form.querySelectorAll('[aria-invalid]').forEach(function (field) { field.removeAttribute('aria-invalid'); });
    result.replaceChildren(el('p', 'meta', ['Planning…']));
    fetch(withKey(form.getAttribute('action')), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(readRequest()),
    })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; }); })
      .then(function (answer) { result.replaceChildren(answer.ok ? planView(answer.body) : problemView(answer.status, answer.body)); })
      .catch(function (error) { result.replaceChildren(el('p', 'notice notice-blind', ['The planner could not be reached: ' + error.message])); });
  });

  function problemView(status, problem) {
    var errors = (problem && problem.errors) || [];
    errors.forEach(function (error) { var name = fieldOf[error.field]; if (name) form.elements[name].setAttribute('aria-invalid', 'true'); });
    return el('div', 'problem', [
      el('p', 'notice notice-blind', [(problem && problem.detail) || 'The planner answered ' + status + '.']),
      el('ul', '', errors.map(function (error) { return el('li', '', [el('code', '', [error.field]), ' ' + error.message]); })),
    ]);
  }

  var n = function (value) { return value === null ? 'none' : value.toLocaleString('en-US'); };
  var count = function (value, noun) { return n(value) + ' ' + noun + (value === 1 ? '' : 's'); };
  var ports = function (value) { return value === null ? 'no ports defined' : n(value) + ' ports per node'; };
  function allocationSentence(a) {
    if (a.mode === 'natGateway') return 'NAT gateway with ' + count(a.frontendIps, 'public IP') + ': ' + n(a.capacityPorts) + ' ports shared on demand by every node.';
    return (a.mode === 'manual' ? 'Manual allocation' : 'Default allocation') + ', ' + count(a.frontendIps, 'outbound IP') + ': ' + ports(a.portsPerNode) +
      ' at ' + count(a.nodes, 'node') + '; at the maximum of ' + count(a.atMax.nodes, 'node') + ', ' + ports(a.atMax.portsPerNode) +
      '; with ' + count(a.atMax.surgeNodes, 'surge node') + ' during an upgrade (' + n(a.atMax.nodesWithSurge) + '), ' + ports(a.atMax.portsPerNodeWithSurge) + '.';
  }

  function planView(plan) {
    var risks = plan.risks.length === 0
      ? el('p', 'no-risks', ['No risks found now, at the maximum, or during an upgrade.'])
      : el('ul', 'risks', plan.risks.map(function (risk) {
          return el('li', 'risk sev-' + risk.severity, [el('span', 'chip sev-' + risk.severity, [risk.severity]), ' ', el('code', 'code', [risk.code]), ' ' + risk.message]);
        }));
    var recommendations = el('ol', 'recommendations', plan.recommendations.map(function (rec) {
      return el('li', 'recommendation', [el('h4', '', [rec.title]), el('p', '', [rec.rationale])].concat(rec.commands.map(function (command) {
        var button = el('button', 'copy', ['Copy']);
        button.type = 'button';
        button.setAttribute('data-copy', '');
        return el('div', 'command', [el('pre', '', [el('code', '', [command])]), button]);
      })));
    }));
    return el('div', 'plan what-if-plan', [el('h3', '', ['Plan']), el('p', 'allocation', [allocationSentence(plan.allocation)]), risks, recommendations]);
  }
})();
`;
