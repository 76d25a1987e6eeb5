using NasLid.Core;
using NasLid.Core.Partitioning;

namespace NasLid.Tests.Algorithms;

/// <summary>Small similarity matrices for the partition tests.</summary>
static class Matrices
{
    /// <summary>Symmetric from the upper triangle given row by row (s01, s02, ..., s12, ...); the diagonal is <paramref name="diagonal"/>.</summary>
    public static SimilarityMatrix FromUpper(int n, double diagonal, params double[] upper)
    {
        var s = new double[n, n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            s[i, i] = diagonal;
            for (int j = i + 1; j < n; j++) s[i, j] = s[j, i] = upper[k++];
        }
        return new SimilarityMatrix(s);
    }

    /// <summary>Uniform entries in [low, high), symmetric.</summary>
    public static SimilarityMatrix Random(int n, Rng rng, double low = 0, double high = 1)
    {
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) s[i, j] = s[j, i] = low + (high - low) * rng.NextDouble();
        return new SimilarityMatrix(s);
    }

    /// <summary>Two planted clusters (members of <paramref name="first"/> vs the rest): high similarity within, low across, plus noise.</summary>
    public static SimilarityMatrix Planted(int n, IReadOnlySet<int> first, Rng rng)
    {
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                s[i, j] = s[j, i] = (first.Contains(i) == first.Contains(j) ? 10 : 1) + rng.NextDouble();
        return new SimilarityMatrix(s);
    }
}
