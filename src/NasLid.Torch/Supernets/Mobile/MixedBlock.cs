using NasLid.Core;
using NasLid.Kernels.Interop;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Mobile;

/// <summary>
/// A searchable MobileNet block: one MBConv per candidate, plus "zero" (a skipped block) when
/// <c>zeroOp</c> is set. Output = the enabled candidates' sum (paper Eq. 4), plus the input when the block keeps
/// stride and channels (the residual, added once: a lone "zero" passes the input through).
/// </summary>
public sealed class MixedBlock : nn.Module
{
    readonly TorchSharp.Modules.ModuleList<MbConv> candidates;
    readonly bool residual;

    public MixedBlock(long inChannels, long outChannels, int stride, IReadOnlyList<MbConvChoice> choices, bool zeroOp,
                      Activation activation, bool squeezeExcite) : base(nameof(MixedBlock))
    {
        residual = stride == 1 && inChannels == outChannels;
        if (zeroOp && !residual)
            throw new NasLidException($"a block from {inChannels} to {outChannels} channels at stride {stride} cannot be skipped (zero)");
        candidates = new TorchSharp.Modules.ModuleList<MbConv>(
            [.. choices.Select(c => new MbConv(inChannels, outChannels, c, stride, activation, squeezeExcite))]);
        RegisterComponents();
    }

    public Tensor Forward(Tensor input, IReadOnlyList<int> enabledOps)
    {
        using var scope = NewDisposeScope();
        Tensor? sum = residual ? input : null;
        foreach (int op in enabledOps)
            if (op < candidates.Count)
                sum = sum is null ? candidates[op].call(input) : sum.Plus(candidates[op].call(input));
        // A lone "zero" returns the input itself, which belongs to the caller's scope, not this one.
        return ReferenceEquals(sum, input) ? input : scope.MoveToOuter(sum!);
    }

    /// <summary>The candidate's module; null for "zero".</summary>
    public MbConv? Candidate(int op) => op < candidates.Count ? candidates[op] : null;

    public long MacsAt(int op, int side) => Candidate(op)?.MacsAt(side) ?? 0;
}
