/// Batch gradient descent with momentum and per-parameter gains (Jacobs 1988), the optimiser of
/// van der Maaten & Hinton 2008 §3.4 as scikit-learn's `_gradient_descent` runs it: a gain grows
/// by 0.2 when the gradient changes sign against the last update and shrinks by ×0.8 otherwise
/// (never below `minimumGain`); every `checkInterval` iterations the objective is evaluated, and
/// the phase stops early after `patience` iterations without progress or when the (gain-scaled)
/// gradient norm falls to `minimumGradientNorm`.
struct TSNEOptimizer {
    var learningRate: Double
    var momentum: Double
    var patience: Int
    var minimumGradientNorm: Double
    var minimumGain = 0.01
    /// scikit-learn's `_N_ITER_CHECK`.
    var checkInterval = 50

    /// The objective's gradient at the given parameters and, when `wantsError` is set, its value.
    typealias Objective = (_ parameters: [Double], _ wantsError: Bool) -> (error: Double?, gradient: [Double])

    /// Runs the iterations in `range` from `start` (fresh momentum and gains, as each scikit-learn phase).
    /// - Returns: the parameters, the last objective value computed (nil if none was: a phase
    ///   stopped by the gradient norm before its end without tracking progress) and the index of
    ///   the last iteration run.
    func run(from start: [Double], iterations range: Range<Int>, objective: Objective)
        -> (parameters: [Double], error: Double?, lastIteration: Int)
    {
        var p = start
        var update = [Double](repeating: 0, count: p.count)
        var gains = [Double](repeating: 1, count: p.count)
        var error: Double?, bestError = Double.greatestFiniteMagnitude
        var bestIteration = range.lowerBound, last = range.lowerBound
        // When the phase is too short for `patience` to run out (scikit-learn's exaggeration phase),
        // the checks can never stop it, so the objective is only evaluated at the end.
        let tracksProgress = range.count > patience + 1
        for i in range {
            last = i
            let check = (i + 1) % checkInterval == 0
            let step = objective(p, (check && tracksProgress) || i == range.upperBound - 1)
            if let value = step.error { error = value }
            var gradient = step.gradient
            var squaredNorm = 0.0
            for m in p.indices {
                gains[m] = update[m] * gradient[m] < 0 ? gains[m] + 0.2 : gains[m] * 0.8
                gains[m] = max(gains[m], minimumGain)
                gradient[m] *= gains[m]
                squaredNorm += gradient[m] * gradient[m]
                update[m] = momentum * update[m] - learningRate * gradient[m]
                p[m] += update[m]
            }
            guard check else { continue }
            if tracksProgress, let error, error < bestError {
                bestError = error
                bestIteration = i
            } else if tracksProgress, i - bestIteration > patience {
                break
            }
            if squaredNorm.squareRoot() <= minimumGradientNorm { break }
        }
        return (p, error, last)
    }
}
