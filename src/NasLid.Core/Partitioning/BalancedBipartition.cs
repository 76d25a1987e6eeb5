using System.Numerics;

namespace NasLid.Core.Partitioning;

/// <summary>
/// Solves paper Eq. 6: the balanced bipartition (⌊n/2⌋ ≤ |Γ| ≤ ⌈n/2⌉) of a layer's n candidates that maximises
/// the intra-group similarity, equivalently minimises the similarity cut between the groups (their sum is fixed).
/// </summary>
/// <remarks>
/// n ≤ <see cref="ExactLimit"/>: exact enumeration. The last candidate is fixed outside Γ, since (Γ, O \ Γ) and
/// (O \ Γ, Γ) are the same split, and the 2^(n−1) subsets of the others are walked in Gray-code order so each
/// step moves one candidate and updates the cut in O(n): n = 20 takes 2^19 · 20 ≈ 10^7 additions.
/// n &gt; <see cref="ExactLimit"/>: heuristic. A spectral split (candidates sorted by the Fiedler vector of the
/// graph Laplacian D − S, first ⌊n/2⌋ form Γ) and 8 random balanced splits, each refined by a Kernighan–Lin-style
/// local search, the best kept. The local search applies the best
/// improving swap (or, for odd n, single move that keeps the balance) until none improves. Unlike full
/// Kernighan–Lin it makes no tentative worsening moves. Not guaranteed optimal; the result says Exact = false.
/// </remarks>
public static class BalancedBipartition
{
    public const int ExactLimit = 20;

    public static Bipartition Solve(SimilarityMatrix s, int exactLimit = ExactLimit) =>
        s.Size <= exactLimit ? Exact(s) : Heuristic(s);

    public static Bipartition Exact(SimilarityMatrix s)
    {
        int n = CheckSize(s);
        if (n > 30) throw new NasLidException($"exact bipartition of {n} candidates would enumerate 2^{n - 1} subsets; use the heuristic above {ExactLimit}");
        var rowSum = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (j != i) rowSum[i] += s[i, j];

        var toGamma = new double[n]; // Σ_{j ∈ Γ, j ≠ i} s_ij
        bool[] inGamma = new bool[n], best = new bool[n];
        int size = 0;
        double cut = 0, bestCut = double.PositiveInfinity;
        for (uint step = 1; step < 1u << (n - 1); step++)
        {
            int k = BitOperations.TrailingZeroCount(step);
            double toRest = rowSum[k] - toGamma[k];
            double sign = inGamma[k] ? -1 : 1;
            cut += sign * (toRest - toGamma[k]);
            inGamma[k] = !inGamma[k];
            size += (int)sign;
            for (int j = 0; j < n; j++)
                if (j != k) toGamma[j] += sign * s[j, k];
            if (PartitionScore.IsBalanced(n, size) && cut < bestCut)
            {
                bestCut = cut;
                Array.Copy(inGamma, best, n);
            }
        }
        return Bipartition.FromSides(s, best, exact: true);
    }

    public static Bipartition Heuristic(SimilarityMatrix s)
    {
        int n = CheckSize(s);
        var fiedler = FiedlerVector(s);
        var rng = new Rng((ulong)n);
        var order = Enumerable.Range(0, n).OrderBy(i => fiedler[i]).ThenBy(i => i).ToArray();
        Bipartition? best = null;
        for (int start = 0; start <= RandomStarts; start++)
        {
            if (start > 0) rng.Shuffle(order);
            var inGamma = new bool[n];
            foreach (var i in order.Take(n / 2)) inGamma[i] = true;
            ImproveBySwaps(s, inGamma);
            var candidate = Bipartition.FromSides(s, inGamma, exact: false);
            if (best is null || candidate.Score > best.Score) best = candidate;
        }
        return best!;
    }

    /// <summary>Local search from random balanced splits besides the spectral one, fixed seed: the heuristic stays deterministic.</summary>
    const int RandomStarts = 8;

    /// <summary>Best-improvement local search over balanced swaps and moves; stops at a local optimum.</summary>
    static void ImproveBySwaps(SimilarityMatrix s, bool[] inGamma)
    {
        int n = s.Size;
        double scale = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) scale += Math.Abs(s[i, j]);
        double tolerance = 1e-12 * (scale + 1);
        var moveGain = new double[n]; // change of the cut if i alone changes side: same-side − other-side similarity
        while (true)
        {
            for (int i = 0; i < n; i++)
            {
                moveGain[i] = 0;
                for (int j = 0; j < n; j++)
                    if (j != i) moveGain[i] += inGamma[i] == inGamma[j] ? s[i, j] : -s[i, j];
            }
            int size = inGamma.Count(g => g);
            double bestDelta = -tolerance;
            (int A, int B) bestChange = (-1, -1);
            for (int i = 0; i < n; i++)
            {
                if (PartitionScore.IsBalanced(n, size + (inGamma[i] ? -1 : 1)) && moveGain[i] < bestDelta)
                    (bestDelta, bestChange) = (moveGain[i], (i, -1));
                for (int j = i + 1; j < n; j++)
                {
                    if (inGamma[i] == inGamma[j]) continue;
                    double delta = moveGain[i] + moveGain[j] + 2 * s[i, j];
                    if (delta < bestDelta) (bestDelta, bestChange) = (delta, (i, j));
                }
            }
            if (bestChange.A < 0) return;
            inGamma[bestChange.A] = !inGamma[bestChange.A];
            if (bestChange.B >= 0) inGamma[bestChange.B] = !inGamma[bestChange.B];
        }
    }

    /// <summary>Eigenvector of the second-smallest eigenvalue of the Laplacian D − S (diagonal of S ignored), by cyclic Jacobi.</summary>
    static double[] FiedlerVector(SimilarityMatrix s)
    {
        int n = s.Size;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) { a[i, j] = -s[i, j]; a[i, i] += s[i, j]; }
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) { total += a[i, j] * a[i, j]; if (i != j) off += a[i, j] * a[i, j]; }
            if (off <= 1e-24 * total) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - sn * akq;
                        a[k, q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - sn * aqk;
                        a[q, k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - sn * vkq;
                        v[k, q] = sn * vkp + c * vkq;
                    }
                }
        }
        var order = Enumerable.Range(0, n).OrderBy(i => a[i, i]).ThenBy(i => i).ToArray();
        int second = order[Math.Min(1, n - 1)];
        return Enumerable.Range(0, n).Select(k => v[k, second]).ToArray();
    }

    static int CheckSize(SimilarityMatrix s) =>
        s.Size >= 2 ? s.Size : throw new NasLidException($"a layer needs at least 2 candidates to split, got {s.Size}");
}
