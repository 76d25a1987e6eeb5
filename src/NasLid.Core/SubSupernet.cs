namespace NasLid.Core;

/// <summary>
/// How Algorithm 1 forms the network it characterises: a parent sub-supernet with one layer fixed to one
/// candidate. The other layers either follow one random single path drawn from the parent's mask (the
/// reference code; shared by every candidate of the layer on a batch, so candidates differ only where they
/// should) or keep the parent's masked sum (paper Eq. 4 read literally).
/// </summary>
public static class SubSupernet
{
    /// <summary>One enabled op per layer, uniformly at random: an RSPS path inside the mask.</summary>
    public static Architecture SamplePath(SupernetMask mask, Rng rng) =>
        new(Enumerable.Range(0, mask.LayerCount).Select(l => rng.Pick(mask.EnabledOps(l))));

    /// <summary>
    /// A path inside the mask on which <paramref name="layer"/> is live (<see cref="ISearchSpace.AffectsOutput"/>).
    /// On a path where it is dead every candidate computes the same network, so its profiles or gradients carry no
    /// information and can only pull the candidates' similarities together. Falls back to the last draw when the
    /// mask allows no live context.
    /// </summary>
    public static Architecture SampleLivePath(ISearchSpace space, SupernetMask mask, int layer, Rng rng, int attempts = 100)
    {
        var path = SamplePath(mask, rng);
        for (int i = 1; i < attempts && !space.AffectsOutput(path, layer); i++)
            path = SamplePath(mask, rng);
        return path;
    }

    /// <summary>The parent with <paramref name="layer"/> fixed to <paramref name="op"/>; other layers follow
    /// <paramref name="path"/> when given, else keep every op the parent enables.</summary>
    public static SupernetMask WithCandidate(SupernetMask parent, int layer, int op, Architecture? path)
    {
        if (!parent.IsEnabled(layer, op))
            throw new NasLidException($"op {op} of layer {layer} is not enabled in sub-supernet {parent}");
        if (path is null) return parent.WithLayer(layer, [op]);
        if (!parent.Contains(path))
            throw new NasLidException($"path {path} leaves sub-supernet {parent}");
        return new SupernetMask(Enumerable.Range(0, parent.LayerCount).Select(l =>
            Enumerable.Range(0, parent.OpCount(l)).Select(o => o == (l == layer ? op : path[l]))));
    }
}
