package io.channels4j.benchmark;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The load generator: Netty WebSocket clients on one event-loop thread, so every callback runs on that
 * thread and the measurements need no locks.
 */
final class LoadClient implements AutoCloseable {
    /** What a connection does with the text frames it receives. */
    interface Listener {
        void onText(Conn conn, String text, long nowNanos);
    }

    /** One client connection. */
    static final class Conn {
        final Channel channel;
        long sentAt;
        int count;

        Conn(Channel channel) {
            this.channel = channel;
        }

        void send(String text) {
            sentAt = System.nanoTime();
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        void close() {
            channel.close();
        }
    }

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** Bytes read off the wire by every connection, frame headers included. */
    final AtomicLong wireBytesIn = new AtomicLong();

    /** Counts the bytes as they come off the socket, before any decoding or inflating. */
    private final class WireCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                wireBytesIn.addAndGet(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Connects to {@code uri} from {@code local} (null: any); completes when the handshake has. */
    CompletableFuture<Conn> connect(URI uri, InetSocketAddress local, Listener listener) {
        return connect(uri, local, false, listener);
    }

    /** As {@link #connect(URI, InetSocketAddress, Listener)}; {@code deflate} offers permessage-deflate. */
    CompletableFuture<Conn> connect(URI uri, InetSocketAddress local, boolean deflate, Listener listener) {
        CompletableFuture<Conn> result = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .customHeaders(new DefaultHttpHeaders()).maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(30_000)
                .dropPongFrames(true).allowExtensions(deflate).build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WireCounter(), new HttpClientCodec(), new HttpObjectAggregator(8192));
                        if (deflate) {
                            ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                        }
                        ch.pipeline().addLast(new WebSocketClientProtocolHandler(config),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    private Conn conn;

                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            conn = new Conn(ctx.channel());
                                            result.complete(conn);
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        listener.onText(conn, frame.text(), System.nanoTime());
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.completeExceptionally(cause);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
                                    }
                                });
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        (local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local)).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully().syncUninterruptibly();
    }
}
