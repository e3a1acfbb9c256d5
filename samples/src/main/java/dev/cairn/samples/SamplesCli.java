package dev.cairn.samples;

import dev.cairn.aggregates.Cairn;
import dev.cairn.cli.CliApplication;
import dev.cairn.projections.CairnProjections;
import com.example.samples.bank.BankSample;
import com.example.samples.orders.OrdersSample;

/**
 * The samples as the {@code cairn} command line sees them (found through {@code ServiceLoader}): their projections and
 * aggregates, so {@code ./cairn projections rebuild sales-dashboard --data DIR} works on the demo's data.
 */
public final class SamplesCli implements CliApplication {

    @Override
    public CairnProjections projections() {
        return BankSample.projections(OrdersSample.projections(CairnProjections.builder())).build();
    }

    @Override
    public Cairn.Builder configure(Cairn.Builder cairn) {
        return BankSample.aggregates(OrdersSample.aggregates(cairn));
    }
}
