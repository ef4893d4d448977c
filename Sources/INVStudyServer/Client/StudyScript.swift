import INVReveal

/// `study.js`: the participant's path (welcome → consent → instructions → trials → questionnaires →
/// completion code), English and Italian strings, the SUS and NASA-TLX wording, and the API calls with
/// the CSRF header. Text is only ever set with `textContent`. A trial's response time runs from the
/// moment its panel is on screen to the answer.
enum StudyScript {
    static let javascript = #"""
'use strict';
const STRINGS = {
  en: {
    title: 'Rating explanations', language: 'Language', welcome: 'Welcome',
    intro: 'You will see how an image classifier explains its predictions and rate each explanation.',
    start: 'Start', resumeLabel: 'Have a code from an earlier visit? Enter it to continue.', resume: 'Continue',
    consentTitle: 'Consent',
    consentText: 'This study is run for research on explanations of image classifiers. It takes about 15 minutes. Your answers are stored without your name and analysed in aggregate; you may stop at any time by closing the page. Do you agree to take part?',
    agree: 'I agree to take part', decline: 'I do not agree', declinedTitle: 'Thank you', declined: 'You chose not to take part. You can close this page.',
    instructionsTitle: 'Instructions',
    help1: 'Each page shows a photo with an explanation drawn over it: the highlighted parts are what the classifier looked at for its prediction, named above the picture.',
    help2: 'Rate each statement on its scale. There are no right or wrong answers; answer from your own impression.',
    help3: 'Some pages ask you to pick a given answer, to check that you read them. At the end there are two short questionnaires.',
    begin: 'Begin', yourCode: 'Your code to continue later:', predicted: 'The classifier predicts:', trialOf: 'Explanation {n} of {total}',
    comment: 'Anything you want to add about this explanation? (optional)', next: 'Next', missing: 'Please answer every question on this page.',
    questionnaireTitle: 'Two short questionnaires', susTitle: 'About the explanations overall', susIntro: '“The system” means the explanations you have just rated.',
    susLow: 'Strongly disagree', susHigh: 'Strongly agree', tlxTitle: 'About the task', finish: 'Finish',
    doneTitle: 'Thank you!', doneText: 'You have completed the study. Your completion code is:', saved: 'Saved.',
    sus: ['I think that I would like to use this system frequently.', 'I found the system unnecessarily complex.',
      'I thought the system was easy to use.', 'I think that I would need the support of a technical person to be able to use this system.',
      'I found the various functions in this system were well integrated.', 'I thought there was too much inconsistency in this system.',
      'I would imagine that most people would learn to use this system very quickly.', 'I found the system very cumbersome to use.',
      'I felt very confident using the system.', 'I needed to learn a lot of things before I could get going with this system.'],
    tlx: [['tlx-mental', 'Mental demand: how mentally demanding was the task?', 'Very low', 'Very high'],
      ['tlx-physical', 'Physical demand: how physically demanding was the task?', 'Very low', 'Very high'],
      ['tlx-temporal', 'Temporal demand: how hurried or rushed was the pace of the task?', 'Very low', 'Very high'],
      ['tlx-performance', 'Performance: how successful were you in accomplishing what you were asked to do?', 'Perfect', 'Failure'],
      ['tlx-effort', 'Effort: how hard did you have to work to accomplish your level of performance?', 'Very low', 'Very high'],
      ['tlx-frustration', 'Frustration: how insecure, discouraged, irritated, stressed and annoyed were you?', 'Very low', 'Very high']]
  },
  it: {
    title: 'Valutare spiegazioni', language: 'Lingua', welcome: 'Benvenuto',
    intro: 'Vedrai come un classificatore di immagini spiega le sue previsioni e valuterai ogni spiegazione.',
    start: 'Inizia', resumeLabel: 'Hai un codice di una visita precedente? Inseriscilo per continuare.', resume: 'Continua',
    consentTitle: 'Consenso',
    consentText: 'Questo studio fa parte di una ricerca sulle spiegazioni dei classificatori di immagini. Dura circa 15 minuti. Le risposte sono conservate senza il tuo nome e analizzate in forma aggregata; puoi interrompere in qualsiasi momento chiudendo la pagina. Accetti di partecipare?',
    agree: 'Accetto di partecipare', decline: 'Non accetto', declinedTitle: 'Grazie', declined: 'Hai scelto di non partecipare. Puoi chiudere questa pagina.',
    instructionsTitle: 'Istruzioni',
    help1: 'Ogni pagina mostra una foto con sopra una spiegazione: le parti evidenziate sono quelle che il classificatore ha guardato per la sua previsione, indicata sopra l’immagine.',
    help2: 'Valuta ogni affermazione sulla sua scala. Non ci sono risposte giuste o sbagliate; rispondi secondo la tua impressione.',
    help3: 'Alcune pagine chiedono di scegliere una risposta data, per verificare che tu le abbia lette. Alla fine ci sono due brevi questionari.',
    begin: 'Comincia', yourCode: 'Il tuo codice per continuare più tardi:', predicted: 'Il classificatore prevede:', trialOf: 'Spiegazione {n} di {total}',
    comment: 'Vuoi aggiungere qualcosa su questa spiegazione? (facoltativo)', next: 'Avanti', missing: 'Rispondi a tutte le domande della pagina.',
    questionnaireTitle: 'Due brevi questionari', susTitle: 'Sulle spiegazioni nel complesso', susIntro: '“Il sistema” indica le spiegazioni che hai appena valutato.',
    susLow: 'Fortemente in disaccordo', susHigh: 'Fortemente d’accordo', tlxTitle: 'Sul compito', finish: 'Termina',
    doneTitle: 'Grazie!', doneText: 'Hai completato lo studio. Il tuo codice di completamento è:', saved: 'Salvato.',
    sus: ['Penso che mi piacerebbe utilizzare questo sistema frequentemente.', 'Ho trovato il sistema complesso senza che ce ne fosse bisogno.',
      'Ho trovato il sistema molto semplice da usare.', 'Penso che avrei bisogno del supporto di una persona già in grado di utilizzare il sistema.',
      'Ho trovato le varie funzionalità del sistema bene integrate.', 'Ho trovato incoerenze tra le varie funzionalità del sistema.',
      'Penso che la maggior parte delle persone potrebbe imparare a utilizzare il sistema facilmente.', 'Ho trovato il sistema molto macchinoso da utilizzare.',
      'Ho avuto molta confidenza con il sistema durante l’uso.', 'Ho avuto bisogno di imparare molti processi prima di riuscire a utilizzare al meglio il sistema.'],
    tlx: [['tlx-mental', 'Richiesta mentale: quanto è stato mentalmente impegnativo il compito?', 'Molto bassa', 'Molto alta'],
      ['tlx-physical', 'Richiesta fisica: quanto è stato fisicamente impegnativo il compito?', 'Molto bassa', 'Molto alta'],
      ['tlx-temporal', 'Richiesta temporale: quanto ti sei sentito sotto pressione per il ritmo del compito?', 'Molto bassa', 'Molto alta'],
      ['tlx-performance', 'Prestazione: quanto sei riuscito a fare ciò che ti è stato chiesto?', 'Perfetta', 'Fallimento'],
      ['tlx-effort', 'Impegno: quanto hai dovuto impegnarti per raggiungere il tuo livello di prestazione?', 'Molto basso', 'Molto alto'],
      ['tlx-frustration', 'Frustrazione: quanto ti sei sentito insicuro, scoraggiato, irritato, stressato e infastidito?', 'Molto bassa', 'Molto alta']]
  }
};
\#(WebClientScript.basics)
const params = new URLSearchParams(location.search);
const state = { csrf: '', participant: null, trial: null, shownAt: 0, showInstructions: true,
  lang: params.get('lang') || localStorage.getItem('study-lang') || ((navigator.language || 'en').toLowerCase().startsWith('it') ? 'it' : 'en') };
if (!STRINGS[state.lang]) state.lang = 'en';

async function api(method, path, body) {
  const { response, data } = await request(method, path, body);
  if (!response.ok) throw new Error((data && (data.error && data.error.message || data.message)) || ('HTTP ' + response.status));
  return data;
}
function el(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/// A fieldset of radio buttons 1…points with the anchors under it.
function scale(name, legend, points, low, high, extraClass) {
  const set = el('fieldset', extraClass ? { class: extraClass } : {});
  set.appendChild(el('legend', {}, legend));
  const row = el('div', { class: 'scale' });
  for (let v = 1; v <= points; v++) {
    const label = el('label', { for: name + '-' + v });
    const input = el('input', { type: 'radio', name, id: name + '-' + v, value: String(v) });
    label.appendChild(input);
    label.appendChild(el('span', {}, String(v)));
    row.appendChild(label);
  }
  set.appendChild(row);
  const anchors = el('div', { class: 'anchors', 'aria-hidden': 'true' });
  anchors.appendChild(el('span', {}, low));
  anchors.appendChild(el('span', {}, high));
  set.appendChild(anchors);
  return set;
}
function picked(name) {
  const input = document.querySelector('input[name="' + name + '"]:checked');
  return input ? Number(input.value) : null;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  $('lang').value = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  const consent = state.participant && state.participant.consent;
  $('consent-text').textContent = (consent && (consent[state.lang] || consent.en)) || t('consentText');
  renderQuestionnaire();
}

function route(participant) {
  state.participant = participant;
  applyLanguage();
  if (!participant) { show('welcome'); return; }
  $('resume-note').textContent = participant.code;
  if (participant.stage === 'consent') show('consent');
  else if (participant.stage === 'trials') {
    if (participant.answered === 0 && state.showInstructions) show('instructions'); else loadTrial();
  } else if (participant.stage === 'questionnaire') show('questionnaire');
  else { $('completion-code').textContent = participant.completionCode || ''; show('done'); }
}

async function enter(pid) {
  const body = { language: state.lang };
  if (pid) body.pid = pid;
  const session = await api('POST', '/api/enter', body);
  state.csrf = session.csrf;
  route(session.state);
}

async function loadTrial() {
  const trial = await api('GET', '/api/trial?lang=' + state.lang);
  state.trial = trial;
  $('trial-heading').textContent = t('trialOf', { n: trial.trial, total: trial.total });
  $('predicted').textContent = trial.predicted || '—';
  $('caption').textContent = trial.caption;
  $('legend').textContent = trial.legend;
  $('legend').hidden = !trial.legend;
  const items = $('items');
  items.replaceChildren();
  for (const item of trial.items) items.appendChild(scale('item-' + item.id, item.text, item.points, item.low, item.high));
  if (trial.attentionCheck) {
    items.appendChild(scale('attention', trial.attentionCheck.text, trial.attentionCheck.points, '', '', 'check'));
  }
  $('free-text').hidden = !trial.freeText;
  $('comment').value = '';
  const panel = $('panel');
  panel.alt = trial.caption;
  state.shownAt = 0;
  panel.onload = () => { state.shownAt = performance.now(); };
  panel.src = trial.panel;
  if (panel.complete && panel.naturalWidth > 0) state.shownAt = performance.now();
  show('trial');
}

async function submitTrial(event) {
  event.preventDefault();
  const trial = state.trial;
  const ratings = {};
  for (const item of trial.items) {
    const value = picked('item-' + item.id);
    if (value === null) { say(t('missing'), true); return; }
    ratings[item.id] = value;
  }
  const body = { ratings, seconds: Math.max(0.001, (performance.now() - (state.shownAt || performance.now())) / 1000) };
  if (trial.attentionCheck) {
    body.attention = picked('attention');
    if (body.attention === null) { say(t('missing'), true); return; }
  }
  if (trial.freeText) body.comment = $('comment').value.trim();
  $('submit-trial').disabled = true;
  try {
    const reply = await api('POST', '/api/trials/' + trial.trial + '/answer', body);
    say(t('saved'));
    route(reply.state);
  } finally { $('submit-trial').disabled = false; }
}

function renderQuestionnaire() {
  const sus = $('sus');
  const kept = {};
  document.querySelectorAll('#questionnaire-form input').forEach((i) => { if (i.type === 'range' || i.checked) kept[i.name] = i.value; });
  sus.replaceChildren();
  t('sus').forEach((text, i) => sus.appendChild(scale('sus' + (i + 1), (i + 1) + '. ' + text, 5, t('susLow'), t('susHigh'))));
  const tlx = $('tlx');
  tlx.replaceChildren();
  for (const [id, text, low, high] of t('tlx')) {
    const wrap = el('div', { class: 'tlx' });
    wrap.appendChild(el('label', { for: id }, text));
    const row = el('div', { class: 'range-row' });
    const input = el('input', { type: 'range', id, name: id, min: '0', max: '100', step: '5', value: '50' });
    const output = el('output', { for: id }, '50');
    input.addEventListener('input', () => { output.textContent = input.value; });
    row.appendChild(input);
    row.appendChild(output);
    wrap.appendChild(row);
    const anchors = el('div', { class: 'anchors', 'aria-hidden': 'true' });
    anchors.appendChild(el('span', {}, low));
    anchors.appendChild(el('span', {}, high));
    wrap.appendChild(anchors);
    tlx.appendChild(wrap);
  }
  for (const [name, value] of Object.entries(kept)) {
    const range = $(name);
    if (range && range.type === 'range') { range.value = value; range.nextSibling.textContent = value; continue; }
    const radio = $(name + '-' + value);
    if (radio) radio.checked = true;
  }
}

async function submitQuestionnaire(event) {
  event.preventDefault();
  const sus = [];
  for (let i = 1; i <= 10; i++) {
    const value = picked('sus' + i);
    if (value === null) { say(t('missing'), true); return; }
    sus.push(value);
  }
  const tlx = {};
  for (const [id] of t('tlx')) tlx[id] = Number($(id).value);
  route(await api('POST', '/api/questionnaire', { sus, tlx }));
}

function guarded(work) {
  return async (event) => {
    say('');
    try { await work(event); } catch (error) { say(error.message, true); }
  };
}

$('lang').addEventListener('change', guarded(async () => {
  state.lang = $('lang').value;
  localStorage.setItem('study-lang', state.lang);
  applyLanguage();
  if (!$('trial').hidden) await loadTrial();
}));
$('start').addEventListener('click', guarded(() => enter(params.get('pid'))));
$('resume-form').addEventListener('submit', guarded(async (event) => { event.preventDefault(); await enter($('resume-code').value.trim()); }));
$('agree').addEventListener('click', guarded(async () => route(await api('POST', '/api/consent', { agree: true, language: state.lang }))));
$('decline').addEventListener('click', () => show('declined'));
$('begin').addEventListener('click', guarded(async () => { state.showInstructions = false; await loadTrial(); }));
$('trial-form').addEventListener('submit', guarded(submitTrial));
$('questionnaire-form').addEventListener('submit', guarded(submitQuestionnaire));

guarded(async () => {
  const session = await api('GET', '/api/session');
  state.csrf = session.csrf;
  const pid = params.get('pid');
  if (session.state && (!pid || pid === session.state.code)) { route(session.state); return; }
  route(null);
  if (pid) $('resume-form').hidden = true;
})();
"""#
}
