namespace NasLid.Core;

/// <summary>One candidate network: the chosen op index of every searchable layer. Equal by value.</summary>
public sealed class Architecture : IEquatable<Architecture>
{
    readonly int[] _ops;

    public Architecture(IEnumerable<int> ops) => _ops = ops.ToArray();

    public IReadOnlyList<int> Ops => _ops;
    public int this[int layer] => _ops[layer];
    public int LayerCount => _ops.Length;

    /// <summary>A copy with one layer's op replaced.</summary>
    public Architecture With(int layer, int op)
    {
        var ops = (int[])_ops.Clone();
        ops[layer] = op;
        return new Architecture(ops);
    }

    /// <summary>Op indices joined by nothing when all are single digits (NB201's 6-digit form), else by commas.</summary>
    public string IndexKey => _ops.All(o => o is >= 0 and < 10) ? string.Concat(_ops) : string.Join(",", _ops);

    public bool Equals(Architecture? other) => other is not null && _ops.AsSpan().SequenceEqual(other._ops);
    public override bool Equals(object? obj) => Equals(obj as Architecture);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var op in _ops) hash.Add(op);
        return hash.ToHashCode();
    }
    public override string ToString() => IndexKey;
}
