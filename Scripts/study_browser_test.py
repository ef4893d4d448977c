"""A real browser completes a participant session of the study rating app (issue 10, "Tests").

Headless Chromium (Debian `chromium` + `chromium-driver`) driven by selenium==4.27.1: enter through a
Prolific-style link (?pid=), switch to Italian and back, consent, read the instructions, rate every
trial (radio buttons chosen with the keyboard, attention checks, a free-text comment), reload the page
halfway and resume, answer SUS and NASA-TLX (a slider moved with the arrow keys), check the completion
code, then enter again with the same id in a fresh session and get the completion page, not a second
run. Screenshots (laptop and phone sizes) go to the artefact directory. Run through
Scripts/study-browser-test.sh, which builds the study and starts the server.
"""
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_session import BrowserSession

base, artefacts, completion_code = sys.argv[1], sys.argv[2], sys.argv[3]
pid = "BROWSER-PID-1"

session = BrowserSession(artefacts)
driver, wait = session.driver, session.wait
shot, visible, text, check = session.shot, session.visible, session.text, session.check


def panel_loaded(d):
    return d.execute_script("const i = document.getElementById('panel'); return i.complete && i.naturalWidth > 0")


def answer_trial(number, total):
    visible("trial")
    wait.until(lambda d: d.find_element(By.ID, "trial-heading").text == f"Explanation {number} of {total}")
    wait.until(panel_loaded)
    check(text("caption").startswith("Explanation "), f"caption {text('caption')!r} names the method")
    fieldsets = driver.find_elements(By.CSS_SELECTOR, "#items fieldset")
    for index, fieldset in enumerate(fieldsets):
        radios = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        if "check" in (fieldset.get_attribute("class") or ""):
            driver.find_element(By.ID, "attention-2").send_keys(Keys.SPACE)
            continue
        # Keyboard: focus the first option, move right with the arrow keys (a radio group selects as it moves).
        radios[0].send_keys(Keys.SPACE)
        for _ in range(3 + index % 3):
            driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    if number == 1:
        driver.find_element(By.ID, "comment").send_keys("a comment from the browser")
    time.sleep(0.6)
    driver.find_element(By.ID, "submit-trial").click()


try:
    driver.get(f"{base}/?pid={pid}")
    visible("welcome")
    check(driver.find_element(By.ID, "resume-form").is_displayed() is False, "a pid link hides the resume form")
    Select(driver.find_element(By.ID, "lang")).select_by_value("it")
    wait.until(lambda d: d.find_element(By.ID, "start").text == "Inizia")
    shot("01-welcome-it")
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(lambda d: d.find_element(By.ID, "start").text == "Start")
    driver.find_element(By.ID, "start").send_keys(Keys.ENTER)

    visible("consent")
    check("research" in text("consent-text"), f"consent text {text('consent-text')!r}")
    shot("02-consent")
    driver.find_element(By.ID, "agree").click()
    visible("instructions")
    driver.find_element(By.ID, "begin").click()

    visible("trial")
    wait.until(lambda d: d.find_element(By.ID, "trial-heading").text.startswith("Explanation 1 of "))
    total = int(text("trial-heading").rsplit(" ", 1)[1])
    check(total >= 3, f"expected at least 3 trials, the heading says {total}")
    answer_trial(1, total)
    answer_trial(2, total)
    shot("03-trial")
    # Closing or reloading the page resumes where the participant was.
    driver.refresh()
    visible("trial")
    wait.until(lambda d: d.find_element(By.ID, "trial-heading").text == f"Explanation 3 of {total}")
    driver.set_window_size(390, 844)
    wait.until(panel_loaded)
    shot("04-trial-phone")
    driver.set_window_size(1280, 900)
    for number in range(3, total + 1):
        answer_trial(number, total)

    visible("questionnaire")
    for i in range(1, 11):
        driver.find_element(By.ID, f"sus{i}-{1 + i % 5}").send_keys(Keys.SPACE)
    slider = driver.find_element(By.ID, "tlx-mental")
    slider.send_keys(Keys.ARROW_RIGHT)
    slider.send_keys(Keys.ARROW_RIGHT)
    check(slider.get_attribute("value") == "60", f"slider at {slider.get_attribute('value')}")
    shot("05-questionnaire")
    driver.find_element(By.ID, "submit-questionnaire").click()

    visible("done")
    check(text("completion-code") == completion_code, f"completion code {text('completion-code')!r}")
    shot("06-done")

    # The same id in a fresh browser session: the completion page, not a second run.
    driver.delete_all_cookies()
    driver.get(f"{base}/?pid={pid}")
    visible("welcome")
    driver.find_element(By.ID, "start").click()
    visible("done")
    check(text("completion-code") == completion_code, "the second visit shows the completion code")
    print(f"browser: participant {pid} completed {total} trials and the questionnaires; screenshots in {artefacts}")
finally:
    driver.quit()
