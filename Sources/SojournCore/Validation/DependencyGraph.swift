import SojournKit

/// Which progress points wait for which: phases for the phases they follow, steps for
/// their phase and the steps they follow, and anything for the points its dates and
/// conditions mention. A cycle means nothing in it can ever start.
struct DependencyGraph {
    /// `waiter` cannot happen before `awaited`.
    struct Edge {
        var waiter: ProgressPoint
        var awaited: ProgressPoint
        /// Why, for messages: `'after:'`, `its phase`, `'start: coaching.done'`.
        var reason: String
        var location: SourceLocation
        /// Whether the edge follows from the structure alone (a step is in its phase),
        /// rather than from something the author wrote; messages leave these out.
        var isStructural: Bool
    }

    private(set) var edges: [ProgressPoint: [Edge]] = [:]

    mutating func add(_ waiter: ProgressPoint, waitsFor awaited: ProgressPoint, because reason: String, at location: SourceLocation, structural: Bool = false) {
        edges[waiter, default: []].append(Edge(waiter: waiter, awaited: awaited, reason: reason, location: location, isStructural: structural))
    }

    /// One cycle per group of points that wait for each other, as the edges around it.
    func cycles() -> [[Edge]] {
        var index = 0
        var indices: [ProgressPoint: Int] = [:]
        var lowLinks: [ProgressPoint: Int] = [:]
        var onStack: Set<ProgressPoint> = []
        var stack: [ProgressPoint] = []
        var components: [[ProgressPoint]] = []

        // Tarjan's strongly connected components, iteratively so deep graphs cannot
        // overflow the stack.
        for root in edges.keys.sorted() where indices[root] == nil {
            var work: [(ProgressPoint, Int)] = [(root, 0)]
            while let (node, edgeIndex) = work.popLast() {
                if edgeIndex == 0 {
                    indices[node] = index
                    lowLinks[node] = index
                    index += 1
                    stack.append(node)
                    onStack.insert(node)
                }
                let outgoing = edges[node] ?? []
                if edgeIndex < outgoing.count {
                    work.append((node, edgeIndex + 1))
                    let next = outgoing[edgeIndex].awaited
                    if indices[next] == nil {
                        work.append((next, 0))
                    } else if onStack.contains(next) {
                        lowLinks[node] = min(lowLinks[node]!, indices[next]!)
                    }
                    continue
                }
                // The frame below a finished node is the node that visited it.
                if let parent = work.last?.0 {
                    lowLinks[parent] = min(lowLinks[parent]!, lowLinks[node]!)
                }
                if lowLinks[node] == indices[node] {
                    var component: [ProgressPoint] = []
                    while let member = stack.popLast() {
                        onStack.remove(member)
                        component.append(member)
                        if member == node { break }
                    }
                    let selfLoop = (edges[node] ?? []).contains { $0.awaited == node }
                    if component.count > 1 || selfLoop { components.append(component) }
                }
            }
        }
        return components.map(cycle(in:))
    }

    /// A cycle through the members of a strongly connected component.
    private func cycle(in component: [ProgressPoint]) -> [Edge] {
        let members = Set(component)
        let start = component.min()!
        // Breadth-first search from `start` back to itself, inside the component.
        var previous: [ProgressPoint: Edge] = [:]
        var queue = [start]
        var head = 0
        search: while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in edges[node] ?? [] where members.contains(edge.awaited) {
                if edge.awaited == start {
                    previous[start] = edge
                    break search
                }
                if previous[edge.awaited] == nil {
                    previous[edge.awaited] = edge
                    queue.append(edge.awaited)
                }
            }
        }
        var path: [Edge] = []
        var node = start
        repeat {
            guard let edge = previous[node] else { break }
            path.append(edge)
            node = edge.waiter
        } while node != start && path.count <= members.count
        return path.reversed()
    }
}
