package com.example.samples.bank;

import com.example.samples.bank.BankMessages.TransferMoney;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

/**
 * Handles transfers: the debit of one account and the credit of the other are applied in one unit of work, which
 * Cairn stores as one commit document: both or neither.
 */
public class Transfers {

    private final Repository<Account> accounts;

    public Transfers(Repository<Account> accounts) {
        this.accounts = accounts;
    }

    @CommandHandler
    public void handle(TransferMoney command) {
        if (command.amount() <= 0 || command.from().equals(command.to())) {
            throw new IllegalArgumentException("Transfer [" + command.transferId() + "]: the amount must be positive "
                                                       + "and the accounts different");
        }
        accounts.load(command.from()).execute(account -> account.debit(command.transferId(), command.to(),
                                                                       command.amount()));
        accounts.load(command.to()).execute(account -> account.credit(command.transferId(), command.from(),
                                                                      command.amount()));
    }
}
