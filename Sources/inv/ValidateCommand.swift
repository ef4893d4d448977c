import ArgumentParser

/// `inv validate CONFIG`: every check `inv run` makes before it starts, and nothing else.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an experiment config (keys, types, plugins, every grid point, model, layers, images) without running it.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let plan = try options.plan(.standard)
        let images = Set(plan.points.flatMap { $0.images.map(\.key) }).count
        print("\(options.config): valid — \(plan.points.count) point(s), \(images) image(s), \(plan.workItems.count) work item(s)")
        for p in plan.points { print("  \(p.point.id)  \(p.point.label)  (\(p.layers.count) layers)") }
    }
}
