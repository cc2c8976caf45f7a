/**
 * Routing by protocol, URL and channel name, reading like Channels' {@code routing.py}.
 *
 * <dl>
 *   <dt>{@link io.channels4j.routing.ProtocolTypeRouter}</dt><dd>websocket, http or channel</dd>
 *   <dt>{@link io.channels4j.routing.URLRouter}</dt><dd>the first matching path route; nested routers strip their prefix</dd>
 *   <dt>{@link io.channels4j.routing.Routes}</dt><dd>{@code path}, {@code rePath} and {@code include}, for static import</dd>
 *   <dt>{@link io.channels4j.routing.PathConverter}</dt><dd>{@code <int:id>} and friends</dd>
 *   <dt>{@link io.channels4j.routing.ChannelNameRouter}</dt><dd>background-worker channels by name</dd>
 * </dl>
 */
package io.channels4j.routing;
