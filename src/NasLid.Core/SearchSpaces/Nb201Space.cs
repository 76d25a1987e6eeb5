namespace NasLid.Core;

/// <summary>
/// NAS-Bench-201 (Dong and Yang, ICLR 2020): a cell of 4 nodes whose 6 edges each choose one of 5 ops,
/// 5^6 = 15,625 architectures. Edge and op orders are the benchmark's, so the 6-digit form
/// (<see cref="Architecture.IndexKey"/>) and the API string agree with it. The benchmark's own integer
/// index (0..15624) follows its release file's order, which is not derivable here, so no mapping is offered.
/// </summary>
public sealed class Nb201Space : ISearchSpace
{
    public static readonly IReadOnlyList<string> Ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    public const int Nodes = 4;

    /// <summary>Edges (target, source) in the canonical order 1&lt;-0, 2&lt;-0, 2&lt;-1, 3&lt;-0, 3&lt;-1, 3&lt;-2.</summary>
    public static readonly IReadOnlyList<(int Target, int Source)> Edges =
        [.. Enumerable.Range(1, Nodes - 1).SelectMany(j => Enumerable.Range(0, j).Select(i => (j, i)))];

    public static int EdgeIndex(int target, int source) => target * (target - 1) / 2 + source;

    public static string EdgeName(int edge) => $"{Edges[edge].Target}<-{Edges[edge].Source}";

    static readonly IReadOnlyList<(string, int)> Groups = [.. Enumerable.Range(1, Nodes - 1).Select(j => ($"node {j}, edges from nodes 0..{j - 1}", j))];

    // Declared after the tables the constructor reads: static fields initialise in textual order.
    public static readonly Nb201Space Instance = new();

    Nb201Space() => Layers = [.. Edges.Select((_, e) => new SearchableLayer(EdgeName(e), Ops))];

    const int None = 0;

    public bool AffectsOutput(Architecture architecture, int layer)
    {
        SearchSpaces.CheckShape(this, architecture);
        var (target, source) = Edges[layer];
        return Fed(architecture)[source] && Drains(architecture)[target];
    }

    /// <summary>
    /// Dead edges (see <see cref="ISearchSpace.AffectsOutput"/>) become none: NAS-Bench-201's isomorphic cells. An
    /// edge whose target never reaches the output changes nothing; one whose input is always zero adds at most a
    /// constant (a convolution's BatchNorm bias), which no LID profile and no ranking can tell apart.
    /// </summary>
    public Architecture Canonical(Architecture architecture)
    {
        SearchSpaces.CheckShape(this, architecture);
        return new Architecture(Enumerable.Range(0, Edges.Count).Select(e => AffectsOutput(architecture, e) ? architecture[e] : None));
    }

    /// <summary>Nodes that receive the cell's input through non-none edges.</summary>
    static bool[] Fed(Architecture architecture)
    {
        var fed = new bool[Nodes];
        fed[0] = true;
        for (int j = 1; j < Nodes; j++)
            for (int i = 0; i < j; i++)
                fed[j] |= fed[i] && architecture[EdgeIndex(j, i)] != None;
        return fed;
    }

    /// <summary>Nodes whose value reaches the output node through non-none edges.</summary>
    static bool[] Drains(Architecture architecture)
    {
        var drains = new bool[Nodes];
        drains[Nodes - 1] = true;
        for (int i = Nodes - 2; i >= 0; i--)
            for (int j = i + 1; j < Nodes; j++)
                drains[i] |= drains[j] && architecture[EdgeIndex(j, i)] != None;
        return drains;
    }

    public string Name => "nb201";
    public IReadOnlyList<SearchableLayer> Layers { get; }

    public string Format(Architecture architecture)
    {
        SearchSpaces.CheckShape(this, architecture);
        return OpGroupString.Format(Enumerable.Range(1, Nodes - 1).Select(j =>
            Enumerable.Range(0, j).Select(i => $"{Ops[architecture[EdgeIndex(j, i)]]}~{i}")));
    }

    public Architecture Parse(string text)
    {
        text = text.Trim();
        var groups = OpGroupString.Parse(Name, text, Groups);
        var ops = new int[Edges.Count];
        for (int j = 1; j < Nodes; j++)
        {
            var group = groups[j - 1];
            for (int i = 0; i < j; i++)
            {
                var token = group[i];
                int tilde = token.Text.LastIndexOf('~');
                if (tilde < 0)
                    throw new NasLidException(
                        $"{Name} architecture '{text}': op '{token.Text}' at character {token.Position + 1} lacks its source node ('~{i}')");
                var source = token.Text[(tilde + 1)..];
                if (source != i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    throw new NasLidException(
                        $"{Name} architecture '{text}': wrong source node '{source}' at character {token.Position + tilde + 2} " +
                        $"(op {i + 1} of node {j} must come from node {i})");
                ops[EdgeIndex(j, i)] = OpGroupString.OpIndex(Name, text, token, token.Text[..tilde], Ops, $"edge {j}<-{i}");
            }
        }
        return new Architecture(ops);
    }
}
