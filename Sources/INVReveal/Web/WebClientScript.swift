/// The JavaScript the Deep Reveal client (`app.js`) and the study client (`study.js`) share, placed
/// in each after its `STRINGS` table and before its `state`: `$` (an element by id), `t` (a string
/// of `STRINGS[state.lang]` with `{name}` filled in, English when missing), `say` (the `#status`
/// line), `show` (one `main > section` visible, its heading focused for keyboard and screen-reader
/// users) and `request` (a same-origin JSON call with the session's CSRF token, answering the
/// response and its parsed body or null). Each client's `api` decides which replies are errors.
public enum WebClientScript {
    public static let basics = #"""
const $ = (id) => document.getElementById(id);
function t(key, vars) {
  let text = (STRINGS[state.lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
  for (const [k, v] of Object.entries(vars || {})) text = text.replace('{' + k + '}', String(v));
  return text;
}
function say(message, isError) {
  const status = $('status');
  status.textContent = message || '';
  status.className = isError ? 'error' : '';
}
function show(id) {
  document.querySelectorAll('main > section').forEach((s) => { s.hidden = s.id !== id; });
  const heading = document.querySelector('#' + id + ' h2');
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}
async function request(method, path, body) {
  const response = await fetch(path, {
    method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return { response, data };
}
"""#
}
