/// `app.js`: the client's state machine (auth → home → play → tagging → outcome), English and
/// Italian strings, and the API calls with the CSRF header. Text is only ever set with
/// `textContent`; the correct class arrives in the answer's response, never before.
enum ClientScript {
    static let javascript = #"""
'use strict';
const STRINGS = {
  en: {
    language: 'Language', welcome: 'Welcome', intro: 'Guess the image from the part a neural network looked at, then tell us what you saw.',
    login: 'Log in', register: 'Register', username: 'Username', password: 'Password', email: 'E-mail (for password reset)',
    guest: 'Play as a guest', forgot: 'Forgot your password?', sendReset: 'Send a reset link', newPassword: 'Choose a new password',
    save: 'Save', hello: 'Hello', score: 'Score', games: 'Games', winRate: 'Win rate', streak: 'Win streak', newGame: 'New game',
    resume: 'Resume the game', leaderboard: 'Leaderboard', instructions: 'Instructions', logout: 'Log out', back: 'Back', player: 'Player',
    help1: 'You start with 300 points and see a small part of an image: the part a layer of the network found important.',
    help2: '“Show more” reveals a larger part, up to five times, for 50 points each. After the fifth you may resign.',
    help3: 'Pick the right class among six. Consecutive wins add a streak bonus.',
    help4: 'Then write the characteristics that made you choose (e.g. “striped fur”): +25 points.',
    whatIsIt: 'What is in the image?', pointsLeft: 'Points', hint: 'Hint', streakBonus: 'Streak bonus', resign: 'Resign',
    showMore: 'Show more (−{cost})', noMore: 'No more hints', chooseClass: 'Choose the class',
    tagPrompt: 'What made you choose? Add characteristics (+25 points)', add: 'Add', confirm: 'Confirm', home: 'Home',
    remove: 'Remove', win: 'You guessed it!', loss: 'Not this time', resigned: 'You resigned', correctClass: 'The image shows',
    yourChoice: 'You chose: {c}', pointsEarned: 'Points earned', detail: '(guess {g} + streak {s} + characteristics {t})',
    playAgain: 'Play again', resetSent: 'If the address is registered, a reset link is on its way.',
    passwordChanged: 'Password changed: log in with it.', noImages: 'You have played every image: thank you!',
    maskAlt: 'The masked image, {p} % revealed', fullAlt: 'The full image', tagHint: 'Add at least one characteristic for the bonus, or confirm without.'
  },
  it: {
    language: 'Lingua', welcome: 'Benvenuto', intro: 'Indovina l’immagine dalla parte che una rete neurale ha guardato, poi raccontaci cosa hai visto.',
    login: 'Accedi', register: 'Registrati', username: 'Nome utente', password: 'Password', email: 'E-mail (per reimpostare la password)',
    guest: 'Gioca come ospite', forgot: 'Password dimenticata?', sendReset: 'Invia il link', newPassword: 'Scegli una nuova password',
    save: 'Salva', hello: 'Ciao', score: 'Punteggio', games: 'Partite', winRate: 'Vittorie', streak: 'Serie di vittorie', newGame: 'Nuova partita',
    resume: 'Riprendi la partita', leaderboard: 'Classifica', instructions: 'Istruzioni', logout: 'Esci', back: 'Indietro', player: 'Giocatore',
    help1: 'Parti con 300 punti e vedi una piccola parte di un’immagine: quella che uno strato della rete ha ritenuto importante.',
    help2: '“Mostra di più” rivela una parte più grande, fino a cinque volte, per 50 punti ciascuna. Dopo la quinta puoi arrenderti.',
    help3: 'Scegli la classe giusta tra sei. Le vittorie consecutive danno un bonus serie.',
    help4: 'Poi scrivi le caratteristiche che ti hanno fatto scegliere (es. “pelo a strisce”): +25 punti.',
    whatIsIt: 'Cosa c’è nell’immagine?', pointsLeft: 'Punti', hint: 'Indizio', streakBonus: 'Bonus serie', resign: 'Arrenditi',
    showMore: 'Mostra di più (−{cost})', noMore: 'Nessun altro indizio', chooseClass: 'Scegli la classe',
    tagPrompt: 'Cosa ti ha fatto scegliere? Aggiungi caratteristiche (+25 punti)', add: 'Aggiungi', confirm: 'Conferma', home: 'Home',
    remove: 'Rimuovi', win: 'Indovinato!', loss: 'Non questa volta', resigned: 'Ti sei arreso', correctClass: 'L’immagine mostra',
    yourChoice: 'Hai scelto: {c}', pointsEarned: 'Punti guadagnati', detail: '(risposta {g} + serie {s} + caratteristiche {t})',
    playAgain: 'Gioca ancora', resetSent: 'Se l’indirizzo è registrato, il link è in arrivo.',
    passwordChanged: 'Password cambiata: accedi con la nuova.', noImages: 'Hai giocato tutte le immagini: grazie!',
    maskAlt: 'L’immagine mascherata, {p} % visibile', fullAlt: 'L’immagine intera', tagHint: 'Aggiungi almeno una caratteristica per il bonus, o conferma senza.'
  }
};
\#(WebClientScript.basics)
const state = { csrf: '', player: null, game: null, pending: null, tags: [], resetToken: null,
  lang: localStorage.getItem('reveal-lang') || ((navigator.language || 'en').toLowerCase().startsWith('it') ? 'it' : 'en') };

function applyLanguage() {
  document.documentElement.lang = state.lang;
  $('lang').value = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  if (state.game && !$('play').hidden) renderGame();
}
// A finished game's 409 carries its outcome: not an error for the page.
async function api(method, path, body) {
  const { response, data } = await request(method, path, body);
  if (!response.ok && !(response.status === 409 && data && data.outcome)) {
    const error = new Error((data && data.error && data.error.message) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return data;
}
function guard(action) {
  return async (event) => {
    if (event) event.preventDefault();
    say('');
    try { await action(event); } catch (error) { say(error.message, true); }
  };
}
function setSession(data) {
  state.csrf = data.csrf;
  state.player = data.player || null;
}
function renderHome() {
  const p = state.player;
  $('player-name').textContent = p.guest ? t('guest') : p.name;
  $('stat-score').textContent = p.score;
  $('stat-games').textContent = p.games;
  $('stat-winrate').textContent = Math.round(p.winRate * 100) + ' %';
  $('stat-streak').textContent = p.streak;
}
async function goHome() {
  state.player = await api('GET', '/api/me');
  const current = await api('GET', '/api/games/current');
  $('new-game').textContent = current.game ? t('resume') : t('newGame');
  renderHome();
  show('home');
}
function renderGame() {
  const g = state.game;
  $('points-left').textContent = g.pointsLeft;
  $('hint-level').textContent = g.hints + ' / ' + g.maximumHints;
  $('streak-bonus').textContent = '+' + g.streakBonus;
  const mask = $('mask');
  if (mask.dataset.src !== g.mask) { mask.src = g.mask; mask.dataset.src = g.mask; }
  mask.alt = t('maskAlt', { p: g.revealPercent });
  $('reveal').textContent = g.canReveal ? t('showMore', { cost: g.hintCost }) : t('noMore');
  $('reveal').disabled = !g.canReveal || state.pending !== null;
  $('resign').hidden = !g.canResign;
  $('resign').disabled = state.pending !== null;
  const list = $('option-list');
  list.replaceChildren();
  g.options.forEach((option, i) => {
    const id = 'option-' + i;
    const input = document.createElement('input');
    Object.assign(input, { type: 'radio', name: 'choice', id, value: String(option.index) });
    input.checked = state.pending && state.pending.choice === option.index;
    input.addEventListener('change', () => chooseOption(option.index));
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = option.label;
    const wrap = document.createElement('div');
    wrap.className = 'option';
    wrap.append(input, label);
    list.append(wrap);
  });
  $('tagging').hidden = state.pending === null;
  renderTags();
}
function renderTags() {
  const list = $('tag-list');
  list.replaceChildren();
  state.tags.forEach((tag, i) => {
    const item = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = tag;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.setAttribute('aria-label', t('remove') + ' ' + tag);
    remove.addEventListener('click', () => { state.tags.splice(i, 1); renderTags(); $('tag-input').focus(); });
    item.append(text, remove);
    list.append(item);
  });
}
function chooseOption(index) {
  state.pending = { choice: index };
  $('tagging').hidden = false;
  $('reveal').disabled = true;
  $('tag-input').focus();
}
function addTag() {
  const input = $('tag-input');
  const text = input.value.trim().replace(/\s+/g, ' ');
  if (text && state.tags.length < 10 && !state.tags.some((x) => x.toLowerCase() === text.toLowerCase())) state.tags.push(text);
  input.value = '';
  renderTags();
  input.focus();
}
async function startGame() {
  try {
    state.game = await api('POST', '/api/games');
  } catch (error) {
    if (error.status === 409) { say(t('noImages')); return; }
    throw error;
  }
  state.pending = null;
  state.tags = [];
  renderGame();
  show('play');
}
function renderOutcome(result) {
  $('outcome-title').textContent = result.outcome === 'win' ? t('win') : result.outcome === 'resign' ? t('resigned') : t('loss');
  $('full-image').src = result.image;
  $('full-image').alt = t('fullAlt');
  $('correct-class').textContent = result.correct.label;
  $('your-choice').textContent = result.choice ? t('yourChoice', { c: result.choice.label }) : '';
  $('points-earned').textContent = result.total;
  $('points-detail').textContent = t('detail', { g: result.score.guess, s: result.score.streakBonus, t: result.score.tagBonus });
  const tags = $('outcome-tags');
  tags.replaceChildren(...result.tags.map((tag) => { const li = document.createElement('li'); li.textContent = tag; return li; }));
  if (result.player) state.player = result.player;
  state.game = null;
  state.pending = null;
  state.tags = [];
  show('outcome');
}
async function submitAnswer() {
  if ($('tag-input').value.trim()) addTag();
  const body = { tags: state.tags, language: state.lang };
  if (state.pending.resign) body.resign = true; else body.choice = state.pending.choice;
  renderOutcome(await api('POST', '/api/games/' + encodeURIComponent(state.game.id) + '/answer', body));
}
async function showLeaderboard() {
  const rows = await api('GET', '/api/leaderboard');
  const body = $('leaderboard-rows');
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    [r.rank, r.name, r.score, r.games, Math.round(r.winRate * 100) + ' %', r.streak].forEach((v) => {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    });
    return tr;
  }));
  show('leaderboard');
}
async function boot() {
  applyLanguage();
  const hash = new URLSearchParams(location.hash.slice(1));
  state.resetToken = hash.get('reset');
  setSession(await api('GET', '/api/session'));
  if (state.resetToken) { history.replaceState(null, '', location.pathname); show('reset'); return; }
  if (state.player) await goHome(); else show('auth');
}

$('lang').addEventListener('change', () => { state.lang = $('lang').value; localStorage.setItem('reveal-lang', state.lang); applyLanguage(); });
$('login-form').addEventListener('submit', guard(async () => {
  setSession(await api('POST', '/api/login', { username: $('login-username').value, password: $('login-password').value }));
  $('login-password').value = '';
  await goHome();
}));
$('register-form').addEventListener('submit', guard(async () => {
  setSession(await api('POST', '/api/register', { username: $('register-username').value, email: $('register-email').value,
    password: $('register-password').value }));
  $('register-password').value = '';
  await goHome();
}));
$('guest').addEventListener('click', guard(async () => { setSession(await api('POST', '/api/guest')); await goHome(); }));
$('forgot-form').addEventListener('submit', guard(async () => {
  await api('POST', '/api/password/forgot', { email: $('forgot-email').value });
  say(t('resetSent'));
}));
$('reset-form').addEventListener('submit', guard(async () => {
  await api('POST', '/api/password/reset', { token: state.resetToken, password: $('reset-password').value });
  state.resetToken = null;
  show('auth');
  say(t('passwordChanged'));
}));
$('logout').addEventListener('click', guard(async () => { setSession(await api('POST', '/api/logout')); show('auth'); }));
$('new-game').addEventListener('click', guard(startGame));
$('play-again').addEventListener('click', guard(startGame));
$('show-leaderboard').addEventListener('click', guard(showLeaderboard));
$('show-help').addEventListener('click', () => show('help'));
document.querySelectorAll('.back, .home').forEach((b) => b.addEventListener('click', guard(goHome)));
$('reveal').addEventListener('click', guard(async () => {
  state.game = await api('POST', '/api/games/' + encodeURIComponent(state.game.id) + '/reveal');
  renderGame();
  $('reveal').focus();
}));
$('resign').addEventListener('click', () => {
  state.pending = { resign: true };
  document.querySelectorAll('#option-list input').forEach((i) => { i.checked = false; });
  $('tagging').hidden = false;
  $('tag-input').focus();
});
$('add-tag').addEventListener('click', addTag);
$('tag-input').addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); addTag(); } });
$('tagging').addEventListener('submit', guard(submitAnswer));
boot().catch((error) => say(error.message, true));
"""#
}
