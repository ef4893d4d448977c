/// The rating app's single page (no build step, no CDN): sections shown one at a time by `study.js`.
/// Every text node is set through `textContent`, so nothing from the study or a participant is parsed as HTML.
enum StudyPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study</title>
<link rel="stylesheet" href="/study.css">
</head>
<body>
<header>
  <h1 data-i18n="title">Rating explanations</h1>
  <div class="lang"><label for="lang" data-i18n="language">Language</label>
    <select id="lang"><option value="en">English</option><option value="it">Italiano</option></select></div>
</header>
<main id="main">
<p id="status" role="status" aria-live="polite"></p>

<section id="welcome" hidden>
  <h2 data-i18n="welcome">Welcome</h2>
  <p data-i18n="intro">You will see how an image classifier explains its predictions and rate each explanation.</p>
  <button type="button" id="start" class="primary" data-i18n="start">Start</button>
  <form id="resume-form">
    <label for="resume-code" data-i18n="resumeLabel">Have a code from an earlier visit? Enter it to continue.</label>
    <input id="resume-code" maxlength="64" autocomplete="off" pattern="[A-Za-z0-9_.\-]+">
    <button type="submit" data-i18n="resume">Continue</button>
  </form>
</section>

<section id="consent" hidden>
  <h2 data-i18n="consentTitle">Consent</h2>
  <p id="consent-text"></p>
  <button type="button" id="agree" class="primary" data-i18n="agree">I agree to take part</button>
  <button type="button" id="decline" data-i18n="decline">I do not agree</button>
</section>

<section id="declined" hidden>
  <h2 data-i18n="declinedTitle">Thank you</h2>
  <p data-i18n="declined">You chose not to take part. You can close this page.</p>
</section>

<section id="instructions" hidden>
  <h2 data-i18n="instructionsTitle">Instructions</h2>
  <p data-i18n="help1">Each page shows a photo with an explanation drawn over it: the highlighted parts are what the classifier looked at for its prediction, named above the picture.</p>
  <p data-i18n="help2">Rate each statement on its scale. There are no right or wrong answers; answer from your own impression.</p>
  <p data-i18n="help3">Some pages ask you to pick a given answer, to check that you read them. At the end there are two short questionnaires.</p>
  <button type="button" id="begin" class="primary" data-i18n="begin">Begin</button>
</section>

<section id="trial" hidden>
  <h2 id="trial-heading"></h2>
  <p class="code-note"><span data-i18n="yourCode">Your code to continue later:</span> <strong id="resume-note"></strong></p>
  <div class="columns">
    <figure id="panel-figure">
      <p class="predicted"><span data-i18n="predicted">The classifier predicts:</span> <strong id="predicted"></strong></p>
      <img id="panel" alt="" width="384" height="384">
      <figcaption><span id="caption"></span><br><span id="legend" hidden></span></figcaption>
    </figure>
    <form id="trial-form" novalidate>
      <div id="items"></div>
      <div id="free-text" hidden>
        <label for="comment" data-i18n="comment">Anything you want to add about this explanation? (optional)</label>
        <textarea id="comment" maxlength="2000" rows="3"></textarea>
      </div>
      <button type="submit" id="submit-trial" class="primary" data-i18n="next">Next</button>
    </form>
  </div>
</section>

<section id="questionnaire" hidden>
  <h2 data-i18n="questionnaireTitle">Two short questionnaires</h2>
  <form id="questionnaire-form" novalidate>
    <h3 data-i18n="susTitle">About the explanations overall</h3>
    <p data-i18n="susIntro">“The system” means the explanations you have just rated.</p>
    <div id="sus"></div>
    <h3 data-i18n="tlxTitle">About the task</h3>
    <div id="tlx"></div>
    <button type="submit" id="submit-questionnaire" class="primary" data-i18n="finish">Finish</button>
  </form>
</section>

<section id="done" hidden>
  <h2 data-i18n="doneTitle">Thank you!</h2>
  <p data-i18n="doneText">You have completed the study. Your completion code is:</p>
  <p class="completion"><strong id="completion-code"></strong></p>
</section>
</main>
<script src="/study.js"></script>
</body>
</html>
"""#
}
