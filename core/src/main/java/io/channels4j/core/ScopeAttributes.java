package io.channels4j.core;

import java.util.Arrays;

/** A scope's attributes: keys and values alternating, copied on write (a scope holds two or three of them). */
final class ScopeAttributes {
    private ScopeAttributes() {
    }

    static final Object[] NONE = new Object[0];

    static Object get(Object[] attributes, ScopeKey<?> key) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i] == key) {
                return attributes[i + 1];
            }
        }
        return null;
    }

    static Object[] with(Object[] attributes, ScopeKey<?> key, Object value) {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i] == key) {
                Object[] copy = attributes.clone();
                copy[i + 1] = value;
                return copy;
            }
        }
        Object[] copy = Arrays.copyOf(attributes, attributes.length + 2);
        copy[attributes.length] = key;
        copy[attributes.length + 1] = value;
        return copy;
    }
}
