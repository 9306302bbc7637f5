"""PyTorch's CPU selection algorithms, ported line by line so that, of equal values, the same elements come out
as in PyTorch (a stable sort picks others): kthvalue's quickselect (aten/src/ATen/native/Sorting.cpp) and topk's
std::nth_element / std::sort / std::partial_sort (aten/src/ATen/native/TopKImpl.h, as libstdc++ implements them).
Each works on a Python list of one row's values; NaN counts as the largest value, as in PyTorch."""


def greater(x, y):
    """PyTorch's order for the largest first: NaN above everything."""
    return (x != x and y == y) or x > y


def less(x, y):
    """PyTorch's order for the smallest first: NaN above everything."""
    return (x == x and y != y) or x < y


def quickselect(values, k):
    """The index of the k-th smallest (from 0) of `values`, a list, by PyTorch's CPU quickselect
    (quick_select_template in aten/src/ATen/native/SortingUtils.h: median of three pivot, NaN the largest), so that
    of equal values the same one is picked."""
    arr, idx = list(values), list(range(len(values)))

    def swap(i, j):
        arr[i], arr[j] = arr[j], arr[i]
        idx[i], idx[j] = idx[j], idx[i]
    lo, hi = 0, len(arr) - 1
    while hi > lo:
        if hi == lo + 1:
            if greater(arr[lo], arr[hi]):
                swap(lo, hi)
            break
        mid = lo + (hi - lo) // 2
        swap(mid, lo + 1)
        if greater(arr[lo + 1], arr[hi]):
            swap(lo + 1, hi)
        if greater(arr[lo], arr[hi]):
            swap(lo, hi)
        if greater(arr[lo + 1], arr[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, arr[lo]
        while True:
            i += 1
            while greater(pivot, arr[i]):
                i += 1
            j -= 1
            while greater(arr[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return idx[k]


def topk_order(values, k, largest, sorted):
    """The indices topk picks from `values` (a list), in the order PyTorch's CPU kernel leaves them: k * 64 <= n
    takes std::partial_sort, else std::nth_element, then (sorted) std::sort of the first k - 1."""
    order = greater if largest else less
    q = [(v, i) for i, v in enumerate(values)]

    def comp(a, b):
        return order(a[0], b[0])
    if k == 0:
        return []
    if k * 64 <= len(q):
        heap_select(q, 0, k, len(q), comp)
        sort_heap(q, 0, k, comp)
    else:
        nth_element(q, k - 1, comp)
        if sorted:
            introsort(q, 0, k - 1, comp)
    return [i for _, i in q[:k]]


def depth_limit(n):
    return 2 * (n.bit_length() - 1)     # 2 * std::__lg(n)


def insertion_sort(q, first, last, comp):
    for i in range(first + 1, last):
        value, j = q[i], i
        while j > first and comp(value, q[j - 1]):
            q[j] = q[j - 1]
            j -= 1
        q[j] = value


def move_median_to_first(q, result, a, b, c, comp):
    if comp(q[a], q[b]):
        pick = b if comp(q[b], q[c]) else c if comp(q[a], q[c]) else a
    else:
        pick = a if comp(q[a], q[c]) else c if comp(q[b], q[c]) else b
    q[result], q[pick] = q[pick], q[result]


def partition_pivot(q, first, last, comp):
    """std::__unguarded_partition_pivot: the median of three moved to first, then Hoare's partition around it."""
    move_median_to_first(q, first, first + 1, first + (last - first) // 2, last - 1, comp)
    pivot, lo, hi = q[first], first + 1, last
    while True:
        while comp(q[lo], pivot):
            lo += 1
        hi -= 1
        while comp(pivot, q[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        q[lo], q[hi] = q[hi], q[lo]
        lo += 1


def nth_element(q, nth, comp):
    """std::nth_element (introselect)."""
    first, last = 0, len(q)
    depth = depth_limit(last)
    while last - first > 3:
        if depth == 0:
            heap_select(q, first, nth + 1, last, comp)
            q[first], q[nth] = q[nth], q[first]
            return
        depth -= 1
        cut = partition_pivot(q, first, last, comp)
        if cut <= nth:
            first = cut
        else:
            last = cut
    insertion_sort(q, first, last, comp)


def introsort(q, first, last, comp):
    """std::sort: introsort down to runs of 16, then one insertion sort."""
    if last - first < 2:
        return
    introsort_loop(q, first, last, depth_limit(last - first), comp)
    insertion_sort(q, first, last, comp)


def introsort_loop(q, first, last, depth, comp):
    while last - first > 16:
        if depth == 0:
            heap_select(q, first, last, last, comp)
            sort_heap(q, first, last, comp)
            return
        depth -= 1
        cut = partition_pivot(q, first, last, comp)
        introsort_loop(q, cut, last, depth, comp)
        last = cut


def adjust_heap(q, first, hole, n, value, comp):
    top, child = hole, hole
    while child < (n - 1) // 2:
        child = 2 * (child + 1)
        if comp(q[first + child], q[first + child - 1]):
            child -= 1
        q[first + hole] = q[first + child]
        hole = child
    if n % 2 == 0 and child == (n - 2) // 2:
        child = 2 * (child + 1)
        q[first + hole] = q[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and comp(q[first + parent], value):
        q[first + hole] = q[first + parent]
        hole, parent = parent, (parent - 1) // 2
    q[first + hole] = value


def make_heap(q, first, last, comp):
    n = last - first
    for parent in range((n - 2) // 2, -1, -1) if n >= 2 else ():
        adjust_heap(q, first, parent, n, q[first + parent], comp)


def pop_heap(q, first, last, result, comp):
    value, q[result] = q[result], q[first]
    adjust_heap(q, first, 0, last - first, value, comp)


def heap_select(q, first, middle, last, comp):
    make_heap(q, first, middle, comp)
    for i in range(middle, last):
        if comp(q[i], q[first]):
            pop_heap(q, first, middle, i, comp)


def sort_heap(q, first, last, comp):
    while last - first > 1:
        last -= 1
        pop_heap(q, first, last, last, comp)
