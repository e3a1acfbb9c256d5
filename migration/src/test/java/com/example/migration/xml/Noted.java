package com.example.migration.xml;

import java.math.BigDecimal;
import java.util.Objects;

/** An event as XStream applications write them: a plain class (XStream cannot rebuild records). */
public final class Noted {

    private final String ledgerId;
    private final BigDecimal amount;
    private final String note;

    public Noted(String ledgerId, BigDecimal amount, String note) {
        this.ledgerId = ledgerId;
        this.amount = amount;
        this.note = note;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Noted other && ledgerId.equals(other.ledgerId) && amount.equals(other.amount)
                && note.equals(other.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ledgerId, amount, note);
    }

    @Override
    public String toString() {
        return "Noted[" + ledgerId + ", " + amount + ", " + note + "]";
    }
}
