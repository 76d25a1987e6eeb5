namespace NasLid.Core.Partitioning;

/// <summary>
/// Makes LID profiles of unequal length comparable (Once-for-All depth choices change the number of taps).
/// </summary>
/// <remarks>
/// Tap j of a profile with m taps sits at relative depth j/(m−1) in [0, 1]: the first tap at 0 and the last
/// at 1, whatever the depth, because the first and last blocks keep their role when a stage gets shallower.
/// A profile is resampled to m' points at depths i/(m'−1) by linear interpolation between its two nearest
/// taps. Profiles are brought to the longest length so the deepest profile keeps every measured value.
/// A one-tap profile has no depth axis and becomes constant; resampling to one point keeps depth 0, the first tap.
/// </remarks>
public static class ProfileResampling
{
    public static double[] Resample(IReadOnlyList<double> profile, int length)
    {
        if (profile.Count == 0) throw new NasLidException("cannot resample an empty LID profile");
        if (length < 1) throw new NasLidException($"cannot resample a LID profile to {length} points");
        var result = new double[length];
        if (profile.Count == 1 || length == 1)
        {
            Array.Fill(result, profile[0]);
            return result;
        }
        for (int i = 0; i < length; i++)
        {
            double position = (double)i / (length - 1) * (profile.Count - 1);
            int below = Math.Min((int)Math.Floor(position), profile.Count - 2);
            double t = position - below;
            result[i] = (1 - t) * profile[below] + t * profile[below + 1];
        }
        return result;
    }

    /// <summary>All profiles resampled to the longest one's length; equal-length input comes back unchanged.</summary>
    public static double[][] ToCommonDepth(IReadOnlyList<IReadOnlyList<double>> profiles)
    {
        if (profiles.Count == 0) return [];
        int length = profiles.Max(p => p.Count);
        return profiles.Select(p => p.Count == length ? p.ToArray() : Resample(p, length)).ToArray();
    }
}
