import Hummingbird

/// Serves the client files from the binary: nothing to deploy beside it, nothing from a CDN.
extension RevealServer {
    func addClientRoutes(to router: Router<RevealContext>) {
        router.get("/") { _, _ in Self.text(ClientPage.html, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in Self.text(ClientScript.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.text(ClientStyle.css, type: "text/css; charset=utf-8") }
        router.get("/admin") { _, _ in Self.text(AdminPage.html, type: "text/html; charset=utf-8") }
        router.get("/admin.js") { _, _ in Self.text(AdminPage.javascript, type: "text/javascript; charset=utf-8") }
        router.get("/healthz") { _, _ in Self.text("ok\n", type: "text/plain") }
    }

    static func text(_ text: String, type: String) -> Response { WebResponses.text(text, type: type) }
}
