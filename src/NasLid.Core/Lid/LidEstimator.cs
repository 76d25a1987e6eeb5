using System.Numerics;
using System.Runtime.CompilerServices;

namespace NasLid.Core;

/// <summary>
/// The MLE of SPEC.md §1 from each row's k nearest distances, with every edge-case policy. Every engine finds
/// the neighbours its own way and then hands their exact float64 distances here, so the policies (and the
/// numbers) are the same whichever engine ran.
/// </summary>
public static class LidEstimator
{
    /// <summary>k must be at most b - 1: a row has only b - 1 other rows.</summary>
    public static void CheckShape(int rows, int columns, int k, string layer)
    {
        if (k < 1)
            throw new NasLidException($"layer '{layer}': k = {k}; k must be at least 1");
        if (columns < 1)
            throw new NasLidException($"layer '{layer}': features have {columns} columns; need at least 1");
        if (rows <= k)
            throw new NasLidException(
                $"layer '{layer}': b = {rows} rows is too few for k = {k} neighbours (k must be <= b - 1 = {rows - 1})");
    }

    /// <summary>NaN or ±Inf anywhere makes every distance meaningless: refuse, saying how many values are bad.</summary>
    /// <remarks>Compiled optimised on the first call: it reads every feature, so tier 0 would cost more than the LID.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckFinite(ReadOnlySpan<float> values, string layer)
    {
        // x - x is 0 for finite x and NaN for NaN or ±Inf, so one vector compare screens a whole lane.
        int i = 0;
        bool bad = false;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i + width <= values.Length; i += width)
            {
                var v = new Vector<float>(values.Slice(i, width));
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero)) { bad = true; break; }
            }
        }
        for (; !bad && i < values.Length; i++)
            bad = !float.IsFinite(values[i]);
        if (!bad)
            return;

        int nan = 0, inf = 0;
        foreach (var v in values)
        {
            if (float.IsNaN(v)) nan++;
            else if (float.IsInfinity(v)) inf++;
        }
        throw new NasLidException(
            $"layer '{layer}': features contain {nan + inf} non-finite values ({nan} NaN, {inf} Inf) out of {values.Length}");
    }

    /// <summary>
    /// The layer's LID from the exact distances of each row to its k nearest other rows:
    /// <paramref name="neighbourDistances"/> holds b rows of k values in any order within a row (reordered here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LidResult FromNeighbourDistances(
        string layer, Span<double> neighbourDistances, int rows, LidOptions options)
    {
        int k = options.K;
        if (neighbourDistances.Length != rows * k)
            throw new ArgumentException($"expected {rows} x {k} distances, got {neighbourDistances.Length}");

        var rowLids = new double[rows];
        int duplicates = 0, equal = 0, reduced = 0, used = 0;
        double sum = 0;
        for (int row = 0; row < rows; row++)
        {
            var distances = neighbourDistances.Slice(row * k, k);
            var (status, lid) = RowLid(distances, options.Formula);
            rowLids[row] = lid;
            switch (status)
            {
                case RowStatus.Duplicate: duplicates++; continue;
                case RowStatus.AllEqual: equal++; continue;
                case RowStatus.ReducedK: reduced++; break;
            }
            used++;
            sum += options.Aggregation == LidAggregation.Mean ? lid : 1.0 / lid;
        }

        if (used == 0)
            throw new NasLidException(
                $"layer '{layer}': no row has a defined LID ({duplicates} of {rows} rows have k = {k} or more exact " +
                $"duplicates, {equal} have all {k} neighbour distances equal)");

        double layerLid = options.Aggregation == LidAggregation.Mean ? sum / used : used / sum;
        return new LidResult(layer, layerLid, rows, used, duplicates, equal, reduced, k,
            options.ReturnRowLids ? rowLids : null);
    }

    /// <summary>What the policies made of one row.</summary>
    public enum RowStatus { Used, ReducedK, Duplicate, AllEqual }

    /// <summary>
    /// One row's MLE from its k nearest distances (sorted here). Zero distances below r_k are dropped and k shrinks
    /// (ln 0 = -inf); a zero r_k, or all remaining distances equal to r_k, leaves the row undefined (NaN lid).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (RowStatus Status, double Lid) RowLid(Span<double> distances, LidFormula formula)
    {
        distances.Sort();
        int k = distances.Length;
        double rk = distances[k - 1];
        if (rk <= 0)
            return (RowStatus.Duplicate, double.NaN);

        int zeros = 0;
        while (distances[zeros] <= 0) zeros++;
        if (distances[zeros] == rk)
            return (RowStatus.AllEqual, double.NaN);

        var positive = distances[zeros..];
        int kUsed = positive.Length;
        double lid;
        if (formula == LidFormula.Reference)
        {
            // The reference code's smoothing, kept verbatim so published numbers can be reproduced.
            double logSum = 0;
            foreach (var r in positive) logSum += Math.Log(r / (rk + 1e-6));
            lid = -kUsed / (logSum + 1e-6);
        }
        else
        {
            double logSum = 0;
            foreach (var r in positive) logSum += Math.Log(r / rk);
            lid = -(formula == LidFormula.LevinaBickel ? kUsed - 1 : kUsed) / logSum;
        }
        return (zeros > 0 ? RowStatus.ReducedK : RowStatus.Used, lid);
    }
}
