package io.channels4j.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer class's message handlers: type {@code chat.message} (or {@code chat_message}) is handled by
 * the method {@code chatMessage(Message)}. Looked up once per class and type, then called through a
 * cached method handle, so dispatch costs no reflection per message.
 */
final class HandlerTable {
    private static final ClassValue<HandlerTable> TABLES = new ClassValue<>() {
        @Override
        protected HandlerTable computeValue(Class<?> type) {
            return new HandlerTable(type);
        }
    };
    private static final MethodType HANDLER_TYPE = MethodType.methodType(void.class, BaseConsumer.class, Message.class);

    // their methods are the framework's, never message handlers (a "dispatch" message must not recurse)
    private static final java.util.Set<Class<?>> FRAMEWORK_BASES = java.util.Set.of(Object.class, BaseConsumer.class,
            WebsocketConsumer.class, JsonWebsocketConsumer.class, HttpConsumer.class, GenericConsumer.class);

    private final Class<?> consumerClass;
    private final Map<String, Method> methodsByName = new TreeMap<>();
    private final Map<String, MethodHandle> byType = new ConcurrentHashMap<>();
    private final Map<String, Boolean> nonBlocking = new ConcurrentHashMap<>();
    private final Map<String, Overflow> overflow = new ConcurrentHashMap<>();
    private final boolean anyLatest;

    private HandlerTable(Class<?> consumerClass) {
        this.consumerClass = consumerClass;
        for (Class<?> c = consumerClass; c != null && !FRAMEWORK_BASES.contains(c); c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1
                        && method.getParameterTypes()[0] == Message.class && !method.isSynthetic() && !method.isBridge()) {
                    methodsByName.putIfAbsent(method.getName(), method); // a subclass's method wins
                }
            }
        }
        anyLatest = methodsByName.values().stream().anyMatch(m -> m.isAnnotationPresent(Latest.class));
    }

    static HandlerTable of(Class<?> consumerClass) {
        return TABLES.get(consumerClass);
    }

    /**
     * The handler for {@code type}.
     *
     * @throws IllegalArgumentException when the type is missing, malformed, or has no handler
     */
    MethodHandle handler(String type) {
        if (type == null) {
            throw new IllegalArgumentException("Message has no 'type', so no handler in " + consumerClass.getSimpleName()
                    + " can take it: give every layer message a type such as 'chat.message'.");
        }
        MethodHandle handle = byType.get(type);
        if (handle == null) {
            handle = resolve(type);
            byType.put(type, handle);
        }
        return handle;
    }

    private MethodHandle resolve(String type) {
        String name = methodName(type);
        Method method = methodsByName.get(name);
        if (method == null) {
            throw new IllegalArgumentException("No handler for message type '" + type + "' in " + consumerClass.getSimpleName()
                    + ": add " + name + "(Message) (known: " + String.join(", ", methodsByName.keySet()) + ").");
        }
        try {
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).asType(HANDLER_TYPE);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("Handler " + consumerClass.getSimpleName() + "." + name + " cannot be called: " + e.getMessage(), e);
        }
    }

    /** Whether some handler takes {@code type}; false for malformed types. */
    boolean handles(String type) {
        try {
            return type != null && methodsByName.containsKey(methodName(type));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Whether the handler for {@code type} is marked {@link NonBlocking}; false for unknown or malformed types. */
    boolean nonBlocking(String type) {
        if (type == null) {
            return false;
        }
        Boolean known = nonBlocking.get(type);
        if (known == null) {
            Method method = handlerOrNull(type);
            known = method != null && method.isAnnotationPresent(NonBlocking.class);
            nonBlocking.put(type, known);
        }
        return known;
    }

    private Method handlerOrNull(String type) {
        try {
            return methodsByName.get(methodName(type));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * What happens to a message of {@code type} that finds its consumer's mailbox full, from its handler's
     * {@link Volatile} or {@link Latest}; reliable for unknown or malformed types.
     */
    Overflow overflow(String type) {
        if (type == null) {
            return Overflow.RELIABLE;
        }
        Overflow known = overflow.get(type);
        if (known == null) {
            Method method = handlerOrNull(type);
            known = method == null ? Overflow.RELIABLE
                    : method.isAnnotationPresent(Latest.class) ? new Overflow(false, method.getAnnotation(Latest.class).value())
                    : new Overflow(method.isAnnotationPresent(Volatile.class), null);
            overflow.put(type, known);
        }
        return known;
    }

    /** Whether any handler is {@link Latest}: only then do queued messages need a conflation key. */
    boolean anyLatest() {
        return anyLatest;
    }

    /**
     * A handler's policy for a full mailbox: dropped when volatile, conflated by type and the value of
     * {@code latestField} when that is not null, else reliable.
     */
    record Overflow(boolean dropped, String latestField) {
        static final Overflow RELIABLE = new Overflow(false, null);

        /** The conflation key of {@code message}, or null when this handler does not conflate. */
        String key(Message message) {
            if (latestField == null) {
                return null;
            }
            return latestField.isEmpty() ? message.type() : message.type() + '\u0000' + message.get(latestField);
        }
    }

    /** {@code chat.message} and {@code chat_message} give {@code chatMessage}. */
    static String methodName(String type) {
        if (type.isEmpty() || type.charAt(0) == '.' || type.charAt(0) == '_') {
            throw new IllegalArgumentException("Malformed message type '" + type + "': it must start with a letter.");
        }
        StringBuilder name = new StringBuilder(type.length());
        boolean upper = false;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '.' || c == '_' || c == '-') {
                upper = true;
            } else if (Character.isLetterOrDigit(c) && c < 128) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                throw new IllegalArgumentException("Malformed message type '" + type + "': use ASCII letters, digits, '.', '_' or '-'.");
            }
        }
        return name.toString();
    }
}
