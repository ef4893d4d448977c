import Hummingbird
import INVReveal

/// Serves the client files from the binary: nothing to deploy beside it, nothing from a CDN.
extension StudyServer {
    func addClientRoutes(to router: Router<StudyContext>) {
        router.get("/") { _, _ in WebResponses.text(StudyPage.html, type: "text/html; charset=utf-8") }
        router.get("/study.js") { _, _ in WebResponses.text(StudyScript.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/study.css") { _, _ in WebResponses.text(StudyStyle.css, type: "text/css; charset=utf-8") }
        router.get("/healthz") { _, _ in WebResponses.text("ok\n", type: "text/plain") }
    }
}
