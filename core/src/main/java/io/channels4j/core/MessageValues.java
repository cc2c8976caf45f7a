package io.channels4j.core;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Equality for message values, where byte arrays compare by content. */
final class MessageValues {
    private MessageValues() {
    }

    static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !deepEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            Iterator<?> ib = lb.iterator();
            for (Object item : la) {
                if (!deepEquals(item, ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    // JSON and binary formats may read 3 back as Long or Integer; a message means the number, not the box
    private static boolean numbersEqual(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return a.longValue() == b.longValue();
        }
        return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger;
    }
}
