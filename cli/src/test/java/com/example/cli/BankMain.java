package com.example.cli;

import dev.cairn.cli.CairnCli;

/**
 * The README's example of an application embedding the command line.
 */
public final class BankMain {

    private BankMain() {
    }

    public static void main(String[] args) {
        System.exit(CairnCli.run(new BankCli(), args));   // BankCli implements dev.cairn.cli.CliApplication
    }
}
