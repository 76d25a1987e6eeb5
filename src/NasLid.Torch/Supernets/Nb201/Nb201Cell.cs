using NasLid.Core;
using NasLid.Kernels.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Nb201;

/// <summary>
/// A NAS-Bench-201 search cell: node 0 is the input, node j = sum over i &lt; j of edge(j&lt;-i)(node i), output
/// node 3. Each edge holds all five candidates and sums those the mask enables (paper Eq. 4).
/// </summary>
public sealed class Nb201Cell : nn.Module
{
    readonly TorchSharp.Modules.ModuleDict<TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>> edges;

    public Nb201Cell(long channels) : base(nameof(Nb201Cell))
    {
        edges = new TorchSharp.Modules.ModuleDict<TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>>();
        for (int e = 0; e < Nb201Space.Edges.Count; e++)
            edges.Add(Nb201Space.EdgeName(e), new TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>(
                [.. Enumerable.Range(0, Nb201Space.Ops.Count).Select(o => Nb201Ops.Create(o, channels))]));
        RegisterComponents();
    }

    public Tensor Forward(Tensor input, SupernetMask mask)
    {
        using var scope = NewDisposeScope();
        var nodes = new List<Tensor>(Nb201Space.Nodes) { input };
        for (int j = 1; j < Nb201Space.Nodes; j++)
        {
            Tensor? node = null;
            for (int i = 0; i < j; i++)
            {
                int edge = Nb201Space.EdgeIndex(j, i);
                foreach (var op in mask.EnabledOps(edge))
                {
                    // Each op's intermediates (ReLU, conv outputs) and the superseded partial sum go as soon as
                    // the sum has them: at ImageNet resolution every such tensor is ~100 MB, and LID's memory
                    // advantage is exactly that nothing else needs to stay alive.
                    using var opScope = NewDisposeScope();
                    var output = Op(edge, op).call(nodes[i]);
                    var sum = opScope.MoveToOuter(node is null ? output : node.Plus(output));
                    if (node is not null && !nodes.Any(n => ReferenceEquals(n, node))) node.Dispose();
                    node = sum;
                }
            }
            nodes.Add(node!);
        }
        return scope.MoveToOuter(nodes[^1]);
    }

    public nn.Module<Tensor, Tensor> Op(int edge, int op) => edges[Nb201Space.EdgeName(edge)][op];
}
