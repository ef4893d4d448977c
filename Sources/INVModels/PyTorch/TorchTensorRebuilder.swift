import INVEngine

/// A storage as a pickle refers to it: `("storage", torch.FloatStorage, key, location, count, view)`.
struct TorchStorageReference: Equatable {
    let key: String
    let type: TorchStorageType
    let elementCount: Int
}

/// A tensor as PyTorch rebuilds it: a strided view into a storage.
struct TorchTensorView {
    let storage: TorchStorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}

/// A state-dict entry before its storage is read.
struct NamedTensorView {
    let name: String
    let view: TorchTensorView
}

/// Interprets the unpickled object of a checkpoint: an `OrderedDict` (or dict) of names to
/// `torch._utils._rebuild_tensor_v2` / `_rebuild_tensor` / `_rebuild_parameter` calls, and
/// materialises each strided view as a contiguous row-major ``Tensor``.
struct TorchTensorRebuilder {
    let source: String
    /// Where the object pickle starts, for errors about its structure.
    let objectOffset: Int

    /// The name/view pairs of the state dict, in order.
    func namedTensors(in object: PickleValue) throws -> [NamedTensorView] {
        let entries: [PickleDictEntry]
        switch object {
        case .dict(let items): entries = items
        case .object(let dict) where dict.qualifiedName == "collections.OrderedDict" && dict.arguments.isEmpty:
            entries = dict.dictItems
        default: throw failure("the saved object is \(object.summary), expected a dict of tensors (a state_dict)")
        }
        return try entries.map { entry in
            guard let name = entry.key.stringValue else { throw failure("a key is \(entry.key.summary), expected a string") }
            return NamedTensorView(name: name, view: try view(of: entry.value, name: name))
        }
    }

    /// Every storage the tensors refer to, checked to be declared the same way each time.
    func declaredStorages(of tensors: [NamedTensorView]) throws -> [String: TorchStorageReference] {
        var declared: [String: TorchStorageReference] = [:]
        for named in tensors {
            let storage = named.view.storage
            if let earlier = declared[storage.key], earlier != storage {
                throw TorchCheckpointError(source: source, offset: objectOffset, problem: .storageMismatch(
                    key: storage.key, reason: "'\(named.name)' declares it as \(storage.type.className) of "
                        + "\(storage.elementCount), an earlier tensor as \(earlier.type.className) of \(earlier.elementCount)"))
            }
            declared[storage.key] = storage
        }
        return declared
    }

    /// Copies the strided view out of its storage into a contiguous tensor.
    func materialise(_ named: NamedTensorView, storages: [String: [Float]]) throws -> Tensor {
        let view = named.view
        guard let storage = storages[view.storage.key] else {
            throw TorchCheckpointError(source: source, offset: nil, problem: .storageMismatch(
                key: view.storage.key, reason: "was not read"))
        }
        guard let count = Self.checkedProduct(view.shape), count <= Self.maximumElementCount else {
            throw TorchCheckpointError(source: source, offset: nil, problem: .tensorOutOfBounds(
                name: named.name, reason: "size \(view.shape) has more than \(Self.maximumElementCount) elements"))
        }
        guard count > 0 else { return Tensor(shape: view.shape, scalars: []) }
        guard let reach = Self.lastElementPosition(of: view), reach < storage.count else {
            throw TorchCheckpointError(source: source, offset: nil, problem: .tensorOutOfBounds(
                name: named.name, reason: "offset \(view.offset), size \(view.shape), stride \(view.strides) reach "
                    + "past the end of a storage of \(storage.count) elements"))
        }
        if view.strides == view.shape.strides {
            return Tensor(shape: view.shape, scalars: Array(storage[view.offset..<(view.offset + count)]))
        }
        return Tensor(uninitializedShape: view.shape) { output in
            var index = [Int](repeating: 0, count: view.shape.count)
            var source = view.offset
            for position in 0..<count {
                output[position] = storage[source]
                // Odometer step over the row-major multi-index, updating the storage position as it goes.
                var axis = view.shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    source += view.strides[axis]
                    if index[axis] < view.shape[axis] { break }
                    source -= index[axis] * view.strides[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }

    /// The largest tensor materialised (2^34 elements, 64 GiB of Float32): a guard against corrupt sizes.
    static let maximumElementCount = 1 << 34

    /// `Π values`, or `nil` on overflow.
    private static func checkedProduct(_ values: [Int]) -> Int? {
        var product = 1
        for value in values {
            let next = product.multipliedReportingOverflow(by: value)
            guard !next.overflow else { return nil }
            product = next.partialValue
        }
        return product
    }

    /// Storage position of the view's last element, `offset + Σ (sizeᵢ − 1)·strideᵢ`, or `nil` on overflow.
    private static func lastElementPosition(of view: TorchTensorView) -> Int? {
        var position = view.offset
        for (size, stride) in zip(view.shape, view.strides) {
            let step = (size - 1).multipliedReportingOverflow(by: stride)
            guard !step.overflow else { return nil }
            let next = position.addingReportingOverflow(step.partialValue)
            guard !next.overflow else { return nil }
            position = next.partialValue
        }
        return position
    }

    // MARK: Pickle structure

    private func view(of value: PickleValue, name: String) throws -> TorchTensorView {
        guard case .object(let call) = value, let function = call.qualifiedName else {
            throw failure("'\(name)' is \(value.summary), expected a tensor")
        }
        let arguments = call.arguments
        switch function {
        case "torch._utils._rebuild_parameter":
            guard let data = arguments.first else { throw failure("'\(name)': _rebuild_parameter without arguments") }
            return try view(of: data, name: name)
        case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
            guard arguments.count >= 4 else {
                throw failure("'\(name)': \(function) has \(arguments.count) arguments, expected at least 4")
            }
            let shape = try integers(arguments[2], what: "size", of: name)
            let strides = try integers(arguments[3], what: "stride", of: name)
            guard let offset = arguments[1].intValue, offset >= 0 else {
                throw failure("'\(name)': storage offset is \(arguments[1].summary)")
            }
            guard shape.count == strides.count else {
                throw failure("'\(name)': size \(shape) and stride \(strides) differ in length")
            }
            return TorchTensorView(storage: try storage(arguments[0], of: name), offset: offset, shape: shape, strides: strides)
        default:
            throw failure("'\(name)' is made by \(function), expected torch._utils._rebuild_tensor_v2")
        }
    }

    private func storage(_ value: PickleValue, of name: String) throws -> TorchStorageReference {
        guard case .persistentID(let id) = value, case .tuple(let fields) = id, fields.count >= 5,
              fields[0] == .string("storage") else {
            throw failure("'\(name)': the storage is \(value.summary), expected a persistent id ('storage', …)")
        }
        guard case .global(let module, let className) = fields[1], module == "torch" else {
            throw failure("'\(name)': storage type is \(fields[1].summary)")
        }
        guard let type = TorchStorageType(rawValue: className) else {
            throw TorchCheckpointError(source: source, offset: objectOffset,
                                       problem: .unsupportedStorageType("\(module).\(className)"))
        }
        guard let key = fields[2].stringValue, let count = fields[4].intValue, count >= 0 else {
            throw failure("'\(name)': storage key \(fields[2].summary) or size \(fields[4].summary) is malformed")
        }
        if fields.count > 5, fields[5] != .none {
            throw failure("'\(name)': storage '\(key)' is a view of another storage (view_metadata), which this reader does not support")
        }
        return TorchStorageReference(key: key, type: type, elementCount: count)
    }

    private func integers(_ value: PickleValue, what: String, of name: String) throws -> [Int] {
        guard let items = value.sequenceItems else { throw failure("'\(name)': \(what) is \(value.summary)") }
        return try items.map { item in
            guard let number = item.intValue, number >= 0 else {
                throw failure("'\(name)': \(what) contains \(item.summary), expected a non-negative int")
            }
            return number
        }
    }

    private func failure(_ reason: String) -> TorchCheckpointError {
        TorchCheckpointError(source: source, offset: objectOffset, problem: .unexpectedStructure(reason))
    }
}
