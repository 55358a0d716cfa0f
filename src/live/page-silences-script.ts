// The page's silence controls (page-silences.ts), a script of their own with its own CSP hash. It
// - posts the form to the silences API under the page's own function (the form's action,
//   /api/recommendations/silences) with the key the page was opened with (?code=), as the what-if
//   form does, and ends a silence with DELETE ?id=&by=;
// - reloads the page on success, so the list, the target's badge and the alerts' marks come from the
//   server's one rendering; shows every wrong field on failure, with textContent only;
// - remembers "your name" in this browser (localStorage), so the next silence and End say who.

export const SILENCES_SCRIPT = `
'use strict';
(function () {
  var form = document.getElementById('silence-form');
  var result = document.getElementById('silence-result');
  if (!form) return;
  var key = new URLSearchParams(location.search).get('code');
  var api = form.getAttribute('action');
  var NAME = 'snat-watch-name';
  function withKey(params) {
    var url = new URL(api, location.href);
    if (key) url.searchParams.set('code', key);
    Object.keys(params || {}).forEach(function (name) { url.searchParams.set(name, params[name]); });
    return url.toString();
  }
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }
  try { form.elements.createdBy.value = localStorage.getItem(NAME) || ''; } catch (error) { /* storage off: type it */ }

  var customEnd = form.querySelector('[data-custom-end]');
  function showCustomEnd() { customEnd.hidden = form.elements.duration.value !== 'custom'; }
  form.elements.duration.addEventListener('change', showCustomEnd);
  showCustomEnd();

  function send(method, url, body) {
    var headers = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (response) {
      if (response.status === 201 || response.status === 204) return { ok: true };
      return response.json().then(
        function (problem) { return { ok: false, status: response.status, problem: problem }; },
        function () { return { ok: false, status: response.status, problem: null }; });
    });
  }

  var fieldOf = {
    'matchers.target': 'target', 'matchers.node': 'node', 'matchers.condition': 'condition', endsAt: 'endsAt',
    duration: 'duration', startsAt: 'duration', createdBy: 'createdBy', comment: 'comment',
  };
  function showProblem(answer) {
    var errors = (answer.problem && answer.problem.errors) || [];
    errors.forEach(function (error) { var name = fieldOf[error.field]; if (name) form.elements[name].setAttribute('aria-invalid', 'true'); });
    result.replaceChildren(el('div', 'problem', [
      el('p', 'notice notice-blind', [(answer.problem && answer.problem.detail) || 'The silences API answered ' + answer.status + '.']),
      el('ul', '', errors.map(function (error) { return el('li', '', [el('code', '', [error.field]), ' ' + error.message]); })),
    ]));
  }
  function unreachable(error) { result.replaceChildren(el('p', 'notice notice-blind', ['The silences API could not be reached: ' + error.message])); }

  document.addEventListener('click', function (event) {
    var end = event.target.closest('button[data-end-silence]');
    if (end) {
      end.disabled = true;
      var by = form.elements.createdBy.value.trim() || 'the page';
      return send('DELETE', withKey({ id: end.getAttribute('data-end-silence'), by: by })).then(function (answer) {
        if (answer.ok) return location.reload();
        end.disabled = false;
        showProblem(answer);
      }, unreachable);
    }
    var start = event.target.closest('button[data-silence-target]');
    if (start) {
      form.elements.target.value = start.getAttribute('data-silence-target');
      form.scrollIntoView({ behavior: 'smooth', block: 'center' });
      form.elements.comment.focus({ preventScroll: true });
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    form.querySelectorAll('[aria-invalid]').forEach(function (field) { field.removeAttribute('aria-invalid'); });
    var f = form.elements;
    var body = { matchers: { target: f.target.value }, createdBy: f.createdBy.value, comment: f.comment.value };
    if (f.node.value.trim()) body.matchers.node = f.node.value.trim();
    if (f.condition.value) body.matchers.condition = f.condition.value;
    if (f.duration.value !== 'custom') body.duration = f.duration.value;
    else if (f.endsAt.value) {
      // datetime-local is the reader's own time; the API takes an instant.
      var end = new Date(f.endsAt.value);
      body.endsAt = isNaN(end.getTime()) ? f.endsAt.value : end.toISOString();
    }
    try { localStorage.setItem(NAME, f.createdBy.value.trim()); } catch (error) { /* storage off */ }
    result.replaceChildren(el('p', 'meta', ['Silencing…']));
    send('POST', withKey(), body).then(function (answer) {
      if (answer.ok) return location.reload();
      showProblem(answer);
    }, unreachable);
  });
})();
`;
