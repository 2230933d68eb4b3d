package city.tsunagu.broker.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first n elements of a stream in a given order, kept in a heap of at most n, so that a page
 * of an ordered query costs memory for the page, not for every match.
 */
final class TopN<T> {
    private final Comparator<? super T> order;
    private final long n;
    /** Reversed: the head is the last of the kept elements, the first to give way. */
    private final PriorityQueue<T> heap;

    TopN(Comparator<? super T> order, long n) {
        this.order = order;
        this.n = n;
        this.heap = new PriorityQueue<>((a, b) -> order.compare(b, a));
    }

    void add(T element) {
        if (heap.size() < n) {
            heap.add(element);
        } else if (n > 0 && order.compare(element, heap.peek()) < 0) {
            heap.poll();
            heap.add(element);
        }
    }

    List<T> sorted() {
        List<T> list = new ArrayList<>(heap);
        list.sort(order);
        return list;
    }
}
