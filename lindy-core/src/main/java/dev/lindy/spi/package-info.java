/**
 * The contract between a Lindy app and the host that serves it (Lindy's PSGI): a host turns each request
 * into an {@link dev.lindy.spi.Exchange} and hands it to the app's {@link dev.lindy.spi.ExchangeHandler};
 * the app answers it once, whole or streamed through a {@link dev.lindy.spi.BodyWriter}, on the
 * exchange's {@link dev.lindy.spi.Loop}. {@link dev.lindy.spi.ServerProvider} lets {@code App.start} find
 * a host on the class path.
 */
package dev.lindy.spi;
