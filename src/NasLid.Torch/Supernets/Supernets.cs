using NasLid.Core;
using NasLid.Torch.Supernets.Nb201;
using NasLid.Torch.Supernets.Ofa;
using NasLid.Torch.Supernets.Proxyless;

namespace NasLid.Torch.Supernets;

/// <summary>Builds the supernet a <see cref="SupernetConfig"/> names.</summary>
public static class Supernets
{
    public static Supernet Create(SupernetConfig config) => config.Space switch
    {
        "nb201" => new Nb201Supernet(config),
        "proxyless" => new ProxylessSupernet(config),
        "ofa" => new OfaSupernet(config),
        _ => throw new NasLidException($"unknown search space '{config.Space}'; expected one of {string.Join(", ", SearchSpaces.Names)}"),
    };

    /// <summary>The same supernet with initial weights drawn from LibTorch's generator seeded by <paramref name="seed"/>:
    /// a run's seed fixes its starting point as well as its paths and data order.</summary>
    public static Supernet Create(SupernetConfig config, ulong seed)
    {
        TorchSharp.torch.random.manual_seed(unchecked((long)seed));
        return Create(config);
    }
}
