"""The headless Chromium session both browser tests drive (Scripts/reveal_browser_test.py and
Scripts/study_browser_test.py): Debian's `chromium` + `chromium-driver` through selenium==4.27.1
(installed by Scripts/selenium-venv.sh), at laptop size, with the helpers every step uses. Every
screenshot is saved into the artefact directory and listed in `shots`; a failed check saves one
named "failure" before raising.
"""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


class BrowserSession:
    def __init__(self, artefacts, timeout=15):
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.wait = WebDriverWait(self.driver, timeout)
        self.artefacts = artefacts
        self.shots = []

    def shot(self, name):
        path = f"{self.artefacts}/{name}.png"
        self.driver.save_screenshot(path)
        self.shots.append(path)

    def visible(self, element_id):
        return self.wait.until(EC.visibility_of_element_located((By.ID, element_id)))

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text.strip()

    def check(self, condition, message):
        if not condition:
            self.shot("failure")
            raise AssertionError(message)
