using NasLid.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Nb201;

/// <summary>The five NAS-Bench-201 candidate operations, in <see cref="Nb201Space.Ops"/> order; all keep the shape.</summary>
public static class Nb201Ops
{
    public static nn.Module<Tensor, Tensor> Create(int op, long channels) => Nb201Space.Ops[op] switch
    {
        "none" => new Zero(),
        "skip_connect" => nn.Identity(),
        "nor_conv_1x1" => new ReluConvBn(channels, channels, 1, 1),
        "nor_conv_3x3" => new ReluConvBn(channels, channels, 3, 1),
        "avg_pool_3x3" => nn.AvgPool2d(3, stride: 1, padding: 1, count_include_pad: false),
        var name => throw new NasLidException($"no NAS-Bench-201 op '{name}'"),
    };

    /// <summary>Multiply-accumulates of op <paramref name="op"/> on a channels x side x side input.</summary>
    public static long OpMacs(int op, long channels, int side) => Nb201Space.Ops[op] switch
    {
        "nor_conv_1x1" => Macs.Conv(channels, channels, 1, side, side),
        "nor_conv_3x3" => Macs.Conv(channels, channels, 3, side, side),
        _ => 0,
    };

    /// <summary>The `none` op: zeros of the input's shape (not input*0, which would pass NaN through).</summary>
    sealed class Zero() : nn.Module<Tensor, Tensor>("none")
    {
        public override Tensor forward(Tensor input) => zeros_like(input);
    }
}
