namespace Crm.Matching.Scheduling;

/// <summary>
/// Minimum-cost flow by successive shortest paths: Dijkstra on reduced costs with node potentials (Ahuja, Magnanti and
/// Orlin, ch. 9). The first potentials come from the caller, who knows a shortest-path labelling of its network (costs
/// may be negative on the first residual graph but never on a cycle). Each search stops when it reaches the sink;
/// potentials of nodes not yet settled are raised by the sink's distance only, which keeps every reduced cost ≥ 0.
/// </summary>
internal sealed class MinCostFlow
{
    private readonly List<int> _to = [];
    private readonly List<int> _capacity = [];
    private readonly List<double> _cost = [];
    private readonly List<int>[] _out;

    public MinCostFlow(int nodes)
    {
        _out = new List<int>[nodes];
        for (var v = 0; v < nodes; v++)
        {
            _out[v] = [];
        }
    }

    /// <summary>Adds an arc and returns its index (its residual twin is index + 1).</summary>
    public int AddArc(int from, int to, int capacity, double cost)
    {
        var arc = _to.Count;
        _out[from].Add(arc);
        _to.Add(to); _capacity.Add(capacity); _cost.Add(cost);
        _out[to].Add(arc + 1);
        _to.Add(from); _capacity.Add(0); _cost.Add(-cost);
        return arc;
    }

    public int Flow(int arc) => _capacity[arc + 1];

    /// <summary>
    /// Sends flow from source to sink along cheapest paths while a path of negative cost remains: the result is a flow
    /// of minimum cost among flows of any amount. Returns that cost.
    /// </summary>
    public double MinimiseCost(int source, int sink, double[] potential)
    {
        var n = _out.Length;
        var distance = new double[n];
        var settled = new bool[n];
        var via = new int[n];
        var queue = new PriorityQueue<int, double>();
        var total = 0.0;
        while (true)
        {
            Array.Fill(distance, double.PositiveInfinity);
            Array.Clear(settled);
            distance[source] = 0;
            queue.Enqueue(source, 0);
            while (queue.TryDequeue(out var u, out var d))
            {
                if (settled[u])
                {
                    continue;
                }
                settled[u] = true;
                if (u == sink)
                {
                    break;
                }
                foreach (var arc in _out[u])
                {
                    if (_capacity[arc] == 0)
                    {
                        continue;
                    }
                    var v = _to[arc];
                    // Reduced costs are ≥ 0 in exact arithmetic; rounding may leave −1e-12, which is harmless here.
                    var next = d + Math.Max(0, _cost[arc] + potential[u] - potential[v]);
                    if (next < distance[v])
                    {
                        distance[v] = next;
                        via[v] = arc;
                        queue.Enqueue(v, next);
                    }
                }
            }
            queue.Clear();
            if (!settled[sink])
            {
                return total;
            }
            var reach = distance[sink];
            for (var v = 0; v < n; v++)
            {
                potential[v] += Math.Min(distance[v], reach);
            }
            var pathCost = 0.0;
            var amount = int.MaxValue;
            for (var v = sink; v != source; v = _to[via[v] ^ 1])
            {
                pathCost += _cost[via[v]];
                amount = Math.Min(amount, _capacity[via[v]]);
            }
            if (pathCost >= 0)
            {
                return total;
            }
            for (var v = sink; v != source; v = _to[via[v] ^ 1])
            {
                _capacity[via[v]] -= amount;
                _capacity[via[v] ^ 1] += amount;
            }
            total += amount * pathCost;
        }
    }
}
