/// `study.css`: one column on a phone, two on a laptop; large touch targets; a visible focus ring.
enum StudyStyle {
    static let css = #"""
:root { --ink: #1d2330; --muted: #5b6475; --accent: #0b63ce; --bg: #f6f7fb; --card: #fff; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem; padding: .75rem 1rem; background: var(--ink); color: #fff; }
header h1 { margin: 0; font-size: 1.3rem; }
header label { margin-right: .4rem; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
section { background: var(--card); border-radius: .75rem; padding: 1rem 1.25rem 1.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h2 { margin-top: 0; }
label { display: block; margin: .6rem 0 .2rem; font-weight: 600; }
input, select, button, textarea { font: inherit; }
input:not([type=radio]):not([type=range]), textarea { width: 100%; padding: .6rem .7rem; border: 1px solid #b8bfcc; border-radius: .5rem; }
button { min-height: 2.75rem; padding: .5rem 1rem; border: 1px solid var(--accent); border-radius: .5rem; background: #fff; color: var(--accent); cursor: pointer; margin: .6rem .4rem 0 0; }
button.primary, form button[type=submit] { background: var(--accent); color: #fff; }
button:disabled { opacity: .45; cursor: not-allowed; }
:focus-visible { outline: 3px solid #f5a524; outline-offset: 2px; }
.columns { display: grid; gap: 1.5rem; grid-template-columns: 1fr; }
@media (min-width: 52rem) { .columns { grid-template-columns: minmax(0, 24rem) 1fr; } }
figure { margin: 0; }
#panel { width: 100%; max-width: 24rem; height: auto; aspect-ratio: 1; background: #808080; border-radius: .5rem; display: block; }
figcaption { color: var(--muted); text-align: center; max-width: 24rem; }
fieldset { border: 1px solid #d0d5dd; border-radius: .5rem; margin: 0 0 .9rem; padding: .5rem .75rem .75rem; }
fieldset.check { border-color: #f5a524; }
legend { font-weight: 600; padding: 0 .25rem; }
.scale { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .35rem; }
.scale label { display: flex; flex-direction: column; align-items: center; min-width: 2.75rem; margin: 0; font-weight: 400; cursor: pointer; }
.scale input { width: 1.4rem; height: 1.4rem; margin: .2rem; }
.anchors { display: flex; justify-content: space-between; color: var(--muted); font-size: .9rem; gap: 1rem; }
.range-row { display: flex; align-items: center; gap: .75rem; }
.range-row input { flex: 1; min-height: 2.75rem; }
.range-row output { min-width: 2.5rem; text-align: right; font-weight: 700; }
.code-note { color: var(--muted); margin-top: -.5rem; }
.completion { font-size: 1.6rem; letter-spacing: .08em; }
#status { min-height: 1.5rem; margin: 0 0 .5rem; }
#status.error { color: var(--bad); font-weight: 600; }
"""#
}
