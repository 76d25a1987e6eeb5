using System.Globalization;

namespace NasLid.Core;

/// <summary>The pure search spaces by name, and what every space's architectures share.</summary>
public static class SearchSpaces
{
    public static readonly IReadOnlyList<string> Names = ["nb201", "proxyless", "ofa"];

    public static ISearchSpace Get(string name, SupernetConfig config) => name switch
    {
        "nb201" => Nb201Space.Instance,
        "proxyless" => new ProxylessSpace(config),
        "ofa" => new OfaSpace(config),
        _ => throw new NasLidException($"unknown search space '{name}'; expected one of {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// Parses either the space's canonical string or the op-index form of <see cref="Architecture.IndexKey"/>
    /// (NB201's 6 digits such as "333333", or comma-separated indices).
    /// </summary>
    public static Architecture ParseAny(ISearchSpace space, string text)
    {
        text = text.Trim();
        return text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == ',') ? ParseIndexKey(space, text) : space.Parse(text);
    }

    public static Architecture ParseIndexKey(ISearchSpace space, string text)
    {
        var parts = text.Contains(',') ? text.Split(',') : text.Select(c => c.ToString()).ToArray();
        if (parts.Length != space.Layers.Count)
            throw new NasLidException($"{space.Name} op-index form '{text}' has {parts.Length} indices, the space has {space.Layers.Count} layers");
        var ops = new int[parts.Length];
        for (int l = 0; l < parts.Length; l++)
        {
            if (!int.TryParse(parts[l], NumberStyles.None, CultureInfo.InvariantCulture, out ops[l]) || ops[l] >= space.Layers[l].Ops.Count)
                throw new NasLidException(
                    $"{space.Name} op-index form '{text}': index '{parts[l]}' of layer {l} ({space.Layers[l].Name}) must be 0..{space.Layers[l].Ops.Count - 1}");
        }
        return new Architecture(ops);
    }

    /// <summary>One op per layer, each uniformly among the layer's candidates.</summary>
    public static Architecture Random(ISearchSpace space, Rng rng) =>
        new(space.Layers.Select(l => rng.Next(l.Ops.Count)));

    /// <summary>Every architecture of the space in index order (the last layer varies fastest).</summary>
    public static IEnumerable<Architecture> All(ISearchSpace space)
    {
        var counts = space.Layers.Select(l => l.Ops.Count).ToArray();
        var ops = new int[counts.Length];
        while (true)
        {
            yield return new Architecture(ops);
            int l = counts.Length - 1;
            while (l >= 0 && ++ops[l] == counts[l]) ops[l--] = 0;
            if (l < 0) yield break;
        }
    }

    public static void CheckShape(ISearchSpace space, Architecture architecture)
    {
        if (architecture.LayerCount != space.Layers.Count)
            throw new NasLidException($"architecture {architecture} has {architecture.LayerCount} layers, space {space.Name} has {space.Layers.Count}");
        for (int l = 0; l < architecture.LayerCount; l++)
            if (architecture[l] < 0 || architecture[l] >= space.Layers[l].Ops.Count)
                throw new NasLidException(
                    $"architecture {architecture}: op {architecture[l]} of layer {l} ({space.Layers[l].Name}) is out of range 0..{space.Layers[l].Ops.Count - 1}");
    }

    public static void CheckShape(ISearchSpace space, SupernetMask mask)
    {
        if (mask.LayerCount != space.Layers.Count)
            throw new NasLidException($"mask {mask} has {mask.LayerCount} layers, space {space.Name} has {space.Layers.Count}");
        for (int l = 0; l < mask.LayerCount; l++)
            if (mask.OpCount(l) != space.Layers[l].Ops.Count)
                throw new NasLidException(
                    $"mask {mask}: layer {l} ({space.Layers[l].Name}) has {mask.OpCount(l)} bits, the space has {space.Layers[l].Ops.Count} ops");
    }
}
