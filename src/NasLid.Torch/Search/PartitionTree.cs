namespace NasLid.Torch.Search;

/// <summary>
/// The sub-supernets a search made, as a binary tree in heap order: the root (the whole supernet) is node 0,
/// and a split of node n makes nodes 2n+1 and 2n+2. After T rounds the leaves are nodes 2^T-1 .. 2^(T+1)-2.
/// </summary>
public sealed record TreeNode(int Id, int? Parent, int Depth, string Mask, int? SplitLayer = null, string? SplitLayerName = null, double? Gamma = null);

public sealed record PartitionTree(IReadOnlyList<TreeNode> Nodes)
{
    public static int FirstAtDepth(int depth) => (1 << depth) - 1;

    public static IEnumerable<int> AtDepth(int depth) => Enumerable.Range(FirstAtDepth(depth), 1 << depth);

    public static (int A, int B) Children(int node) => (2 * node + 1, 2 * node + 2);

    public static int? ParentOf(int node) => node == 0 ? null : (node - 1) / 2;

    public TreeNode Node(int id) => Nodes.FirstOrDefault(n => n.Id == id)
        ?? throw new Core.NasLidException($"partition tree has no node {id}; the split that makes it has not run");

    public PartitionTree With(params TreeNode[] nodes) =>
        new(Nodes.Where(n => nodes.All(m => m.Id != n.Id)).Concat(nodes).OrderBy(n => n.Id).ToArray());
}
