using System.Numerics;

namespace NasLid.Core.Partitioning;

/// <summary>How two characterisation vectors (LID profiles or gradients) are compared.</summary>
public enum SimilarityMeasure
{
    /// <summary>S = 1 / (‖a − b‖₂ + ε), ε = 1e-6: the paper's Eq. 5, and the default.</summary>
    Euclidean,
    /// <summary>Cosine of the angle: the reference code's silent default, and GM-NAS's measure.</summary>
    Cosine,
    /// <summary>Pearson correlation (paper Table 5); blind to the scale of LIDs, which the paper finds matters.</summary>
    Pearson,
}

/// <summary>
/// Paper Eq. 5: the pairwise similarity of a layer's n candidate sub-supernets from their characterisation
/// vectors. Profiles must have equal length; resample unequal ones first (<see cref="ProfileResampling"/>).
/// </summary>
/// <remarks>
/// Degenerate vectors have no angle (a zero vector) or no correlation (a constant vector). Rather than NaN we
/// define their cosine/Pearson similarity as 1 when the two vectors are identical and 0 otherwise: identical
/// characterisations are indistinguishable, and a vector without direction says nothing about similarity.
/// The diagonal is the self-similarity: 1/ε for Euclidean, 1 for cosine and Pearson; γ and Eq. 7 never read it.
/// </remarks>
public static class Similarity
{
    public const double Epsilon = 1e-6;

    /// <param name="profiles">One vector per candidate, all of the same length.</param>
    /// <param name="candidates">Names for error messages (op names); "candidate i" when omitted.</param>
    public static SimilarityMatrix Compute<T>(IReadOnlyList<IReadOnlyList<T>> profiles, SimilarityMeasure measure = SimilarityMeasure.Euclidean,
        IReadOnlyList<string>? candidates = null) where T : INumberBase<T>
    {
        string Name(int i) => candidates is not null && i < candidates.Count ? $"candidate '{candidates[i]}'" : $"candidate {i}";
        if (profiles.Count == 0) throw new NasLidException("no profiles to compare");
        var vectors = new double[profiles.Count][];
        for (int i = 0; i < profiles.Count; i++)
        {
            vectors[i] = profiles[i].Select(double.CreateTruncating).ToArray();
            int bad = vectors[i].Count(v => !double.IsFinite(v));
            if (bad > 0)
                throw new NasLidException($"{Name(i)}: its profile has {bad} NaN or infinite value(s) out of {vectors[i].Length}; cannot compute similarity");
            if (vectors[i].Length == 0)
                throw new NasLidException($"{Name(i)}: its profile is empty");
            if (vectors[i].Length != vectors[0].Length)
                throw new NasLidException($"{Name(i)}: its profile has {vectors[i].Length} values but {Name(0)} has {vectors[0].Length}; resample profiles to a common relative depth first");
        }

        int n = vectors.Length;
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double v = Pair(vectors[i], vectors[j], measure);
                if (!double.IsFinite(v))
                    throw new NasLidException($"{measure} similarity of {Name(i)} and {Name(j)} is {v} (values too large to compare)");
                s[i, j] = s[j, i] = v;
            }
        return new SimilarityMatrix(s);
    }

    public static double Pair(ReadOnlySpan<double> a, ReadOnlySpan<double> b, SimilarityMeasure measure) => measure switch
    {
        SimilarityMeasure.Euclidean => 1.0 / (EuclideanDistance(a, b) + Epsilon),
        SimilarityMeasure.Cosine => Cosine(a, b),
        SimilarityMeasure.Pearson => Pearson(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    public static double EuclideanDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(sum);
    }

    public static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
        if (aa == 0 || bb == 0) return Degenerate(a, b);
        return Math.Clamp(dot / (Math.Sqrt(aa) * Math.Sqrt(bb)), -1, 1);
    }

    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double meanA = Mean(a), meanB = Mean(b), ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - meanA, db = b[i] - meanB;
            ab += da * db; aa += da * da; bb += db * db;
        }
        if (aa == 0 || bb == 0) return Degenerate(a, b);
        return Math.Clamp(ab / (Math.Sqrt(aa) * Math.Sqrt(bb)), -1, 1);
    }

    static double Degenerate(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => a.SequenceEqual(b) ? 1 : 0;

    static double Mean(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (var x in v) sum += x;
        return sum / v.Length;
    }
}
