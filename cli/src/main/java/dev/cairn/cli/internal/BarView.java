package dev.cairn.cli.internal;

import dev.cairn.projections.RebuildProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Progress on a terminal: a live bar ({@code me.tongfei:progressbar}) with events done / total, the time elapsed and
 * left, and events per second, on the last line of the error stream. While it shows, {@code System.err} and {@code System.out} are
 * replaced by streams that print each complete line <em>above</em> the bar (the bar's line is blanked, the line
 * printed, the bar drawn again below it), so log lines and errors are never hidden or overwritten by the bar.
 */
final class BarView implements ProgressView {

    private final PrintStream terminal;
    private final PrintStream previousErr;
    private final PrintStream previousOut;
    private final String projection;
    private final Coordinated consumer;
    private ProgressBar bar;

    BarView(PrintStream err, String projection) {
        this.terminal = err;
        this.projection = projection;
        this.consumer = new Coordinated(err);
        this.previousErr = System.err;
        this.previousOut = System.out;
        System.setErr(new PrintStream(new LinesAbove(consumer), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new LinesAbove(consumer), true, StandardCharsets.UTF_8));
    }

    @Override
    public void update(RebuildProgress progress) {
        if (progress == null) {
            return;
        }
        if (bar == null) {
            // short enough for the bar to keep some width on an 80-column terminal:
            // "balances  37% [=====>     ] 7519/20004 (0:00:03 / 0:00:05) 2,340/s" (events done/total, elapsed /
            // left, events per second)
            bar = new ProgressBarBuilder().setTaskName(projection)
                                          .setInitialMax(Math.max(progress.total(), 1))
                                          .setStyle(ProgressBarStyle.ASCII)
                                          .showSpeed(new DecimalFormat("#,##0"))
                                          .setSpeedUnit(ChronoUnit.SECONDS)
                                          .setUpdateIntervalMillis(200)
                                          .startsFrom(progress.done(), Duration.ZERO)
                                          .setConsumer(consumer)
                                          .build();
        }
        bar.maxHint(Math.max(progress.total(), 1));
        bar.stepTo(Math.min(progress.done(), Math.max(progress.total(), 1)));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        System.setErr(previousErr);
        System.setOut(previousOut);
        terminal.flush();
    }

    /** The bar's consumer, which also prints other lines above the bar. */
    static final class Coordinated extends ConsoleProgressBarConsumer {

        private final PrintStream terminal;
        private String shown = "";

        Coordinated(PrintStream terminal) {
            super(terminal);
            this.terminal = terminal;
        }

        /** The terminal's width; 100 columns when it reports none (a pseudo-terminal without a size). */
        @Override
        public int getMaxRenderedLength() {
            int width = super.getMaxRenderedLength();
            return width < 40 ? 100 : width;
        }

        @Override
        public synchronized void accept(String rendered) {
            terminal.print('\r' + rendered + " ".repeat(Math.max(0, shown.length() - rendered.length())));
            terminal.flush();
            shown = rendered;
        }

        /** Blanks the bar's line, prints {@code line} (ending with a line separator), draws the bar again. */
        synchronized void above(byte[] line) {
            if (!shown.isEmpty()) {
                terminal.print('\r' + " ".repeat(shown.length()) + '\r');
            }
            terminal.write(line, 0, line.length);
            if (!shown.isEmpty()) {
                terminal.print(shown);
            }
            terminal.flush();
        }

        @Override
        public synchronized void close() {
            if (!shown.isEmpty()) {
                terminal.println();
                shown = "";
            }
            terminal.flush();
        }
    }

    /** Collects bytes up to each line separator and hands every complete line to the bar. */
    private static final class LinesAbove extends OutputStream {

        private final Coordinated consumer;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LinesAbove(Coordinated consumer) {
            this.consumer = consumer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                consumer.above(line.toByteArray());
                line.reset();
            }
        }

        @Override
        public synchronized void flush() {
            // partial lines wait for their end, so the bar never splits a line
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                line.write('\n');
                consumer.above(line.toByteArray());
                line.reset();
            }
        }
    }
}
