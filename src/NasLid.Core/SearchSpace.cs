namespace NasLid.Core;

/// <summary>One searchable layer (an NB201 edge, a ProxylessNAS block, ...) and its candidate operations.</summary>
public sealed record SearchableLayer(string Name, IReadOnlyList<string> Ops);

/// <summary>
/// A search space as seen by the algorithms: its layers and candidates, and the space's own text form of an
/// architecture. Supernets (NasLid.Torch) implement the network; this is everything that is pure.
/// </summary>
public interface ISearchSpace
{
    string Name { get; }
    IReadOnlyList<SearchableLayer> Layers { get; }

    /// <summary>The space's canonical string (for NB201 the NAS-Bench-201 API format).</summary>
    string Format(Architecture architecture);

    /// <summary>Parses the canonical string; a malformed one throws <see cref="NasLidException"/> saying what and where.</summary>
    Architecture Parse(string text);

    /// <summary>
    /// Whether <paramref name="layer"/> can change the network's output given the other layers' choices in
    /// <paramref name="architecture"/> (its own choice is ignored): in a cell, an edge whose input is always zero,
    /// or whose target never reaches the cell's output, is dead, and every candidate on it computes the same network.
    /// </summary>
    bool AffectsOutput(Architecture architecture, int layer) => true;

    /// <summary>The representative of the architectures that compute the same function (dead layers normalised).</summary>
    Architecture Canonical(Architecture architecture) => architecture;
}

/// <summary>The size of a supernet: the same code builds the benchmark network and small ones for 2-core machines.</summary>
public sealed record SupernetConfig(
    string Space = "nb201",
    int Width = 8,
    int Depth = 1,
    int Resolution = 28,
    int InputChannels = 1,
    int Classes = 10);
