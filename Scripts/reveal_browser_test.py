"""A real browser plays a whole Deep Reveal game (issue 9, "Tests").

Headless Chromium (Debian `chromium` + `chromium-driver`) driven by selenium==4.27.1: register,
switch to Italian and back, start a game, take two hints, choose a class with the keyboard, add
characteristics, confirm, check the outcome page and the leaderboard, check the admin page, and save
screenshots (laptop and phone sizes) into the artefact directory. Run through
Scripts/reveal-browser-test.sh, which starts the server.
"""
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_session import BrowserSession

base, artefacts, admin_password = sys.argv[1], sys.argv[2], sys.argv[3]

session = BrowserSession(artefacts)
driver, wait, shots = session.driver, session.wait, session.shots
shot, visible, text, check = session.shot, session.visible, session.text, session.check

try:
    driver.get(base + "/")
    visible("auth")
    shot("01-welcome")
    # Italian and back: the strings switch without a reload.
    Select(driver.find_element(By.ID, "lang")).select_by_value("it")
    wait.until(lambda d: d.find_element(By.ID, "guest").text == "Gioca come ospite")
    shot("02-welcome-it")
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")
    wait.until(lambda d: d.find_element(By.ID, "guest").text == "Play as a guest")

    user = f"browser{int(time.time()) % 100000}"
    driver.find_element(By.ID, "register-username").send_keys(user)
    driver.find_element(By.ID, "register-email").send_keys(user + "@example.org")
    driver.find_element(By.ID, "register-password").send_keys("a long enough password" + Keys.ENTER)
    visible("home")
    check(text("player-name") == user, f"home greets {text('player-name')!r}, expected {user!r}")
    shot("03-home")

    driver.find_element(By.ID, "new-game").click()
    visible("play")
    wait.until(lambda d: d.execute_script("const i = document.getElementById('mask'); return i.complete && i.naturalWidth > 0"))
    check(text("points-left") == "300", f"points {text('points-left')}")
    shot("04-play-hint0")
    for expected in ("250", "200"):
        driver.find_element(By.ID, "reveal").click()
        wait.until(lambda d: d.find_element(By.ID, "points-left").text == expected)
    check(text("hint-level") == "2 / 5", f"hint level {text('hint-level')}")
    wait.until(lambda d: d.execute_script("const i = document.getElementById('mask'); return i.complete && i.naturalWidth > 0"))
    shot("05-play-hint2")

    # Keyboard only: focus the first option, select it with Space, type tags with Enter.
    radios = driver.find_elements(By.CSS_SELECTOR, "#option-list input[type=radio]")
    check(len(radios) == 6, f"{len(radios)} options")
    driver.execute_script("arguments[0].focus()", radios[0])
    radios[0].send_keys(Keys.SPACE)
    visible("tagging")
    tag_input = driver.find_element(By.ID, "tag-input")
    check(driver.switch_to.active_element == tag_input, "the tag field takes the focus after choosing")
    tag_input.send_keys("round shape" + Keys.ENTER)
    tag_input.send_keys("<b>not bold</b>" + Keys.ENTER)
    tags = [li.text.replace("×", "").strip() for li in driver.find_elements(By.CSS_SELECTOR, "#tag-list li")]
    check(tags == ["round shape", "<b>not bold</b>"], f"tags shown {tags}")
    shot("06-tagging")
    driver.find_element(By.ID, "submit-answer").click()

    visible("outcome")
    wait.until(lambda d: d.execute_script("const i = document.getElementById('full-image'); return i.complete && i.naturalWidth > 0"))
    check(text("outcome-title") in ("You guessed it!", "Not this time"), f"outcome {text('outcome-title')!r}")
    check(text("correct-class") != "", "the correct class is shown")
    earned = int(text("points-earned"))
    check(earned in (225, 25), f"points earned {earned}: 300 − 2×50 + 25 for a win, 25 for a loss")
    outcome_tags = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#outcome-tags li")]
    check("<b>not bold</b>" in outcome_tags, f"the script-like tag is shown as text: {outcome_tags}")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#outcome-tags b")) == 0, "no tag was parsed as HTML")
    shot("07-outcome")

    driver.find_element(By.CSS_SELECTOR, "#outcome .home").click()
    visible("home")
    check(text("stat-games") == "1", f"games {text('stat-games')}")
    driver.find_element(By.ID, "show-leaderboard").click()
    visible("leaderboard")
    names = [row.find_elements(By.TAG_NAME, "td")[1].text for row in driver.find_elements(By.CSS_SELECTOR, "#leaderboard-rows tr")]
    check(user in names, f"{user} on the leaderboard {names}")
    shot("08-leaderboard")

    # Phone size: the game screen in one column.
    driver.set_window_size(390, 844)
    driver.find_element(By.CSS_SELECTOR, "#leaderboard .back").click()
    visible("home")
    driver.find_element(By.ID, "new-game").click()
    visible("play")
    wait.until(lambda d: d.execute_script("const i = document.getElementById('mask'); return i.complete && i.naturalWidth > 0"))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 390, f"no horizontal scrolling on a phone (page {width} px wide)")
    shot("09-phone-play")

    driver.set_window_size(1280, 900)
    driver.get(base + "/admin")
    visible("admin-password").send_keys(admin_password + Keys.ENTER)
    visible("admin-progress")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#progress-rows tr")) > 0)
    check("1 finished games" in text("summary"), f"admin summary {text('summary')!r}")
    shot("10-admin")
    print("browser test passed; screenshots:")
    print("\n".join(shots))
finally:
    driver.quit()
