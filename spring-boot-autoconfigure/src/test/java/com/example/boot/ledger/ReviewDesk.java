package com.example.boot.ledger;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Spring bean a saga handler takes as a parameter: records the accounts it was asked to review. */
@Component
public class ReviewDesk {

    private final List<String> reviewed = new CopyOnWriteArrayList<>();

    public void review(String accountId) {
        reviewed.add(accountId);
    }

    public List<String> reviewed() {
        return reviewed;
    }
}
