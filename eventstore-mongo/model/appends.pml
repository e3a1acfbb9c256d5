/*
 * appends.pml: the append protocols of Cairn's event store (ADR 0070), two writer nodes and one streaming reader.
 *
 * The collection is modelled as commit records. A stored commit occupies the global indexes cfirst..clast (the
 * document's _id and lastGlobalIndex); its first event belongs to an aggregate (X or Y) at a sequence number, a second
 * event (size 2) to no aggregate. The server's insert is one atomic step that enforces exactly the unique indexes the
 * engine has: _id, lastGlobalIndex and the stream key (aggregate#sequence). Nothing else: overlapping ranges are NOT
 * rejected by the model's server, so a protocol that produces them is caught by PROP_UNIQUE.
 *
 * Protocols (choose with -D):
 *   (default)           proposed: claim by insert. A node lays its round out from the highest lastGlobalIndex it
 *                       knows (a commit boundary it has seen stored) and sends one ordered insertMany; a member whose
 *                       _id or lastGlobalIndex is taken makes the node ask for the highest stored lastGlobalIndex and
 *                       lay the rest out again. Its known head only moves to stored boundaries.
 *   COUNTER             current (ADR 0002/0006/0007): one counter findOneAndUpdate per round, then an unordered
 *                       insertMany; a rejected member's range is filled with a void commit.
 *   PIPELINE            broken: claim by insert, but the node moves its head when it lays a round out, not when the
 *                       round is stored (the next round is sent while the previous is in flight), so a later round can
 *                       land above an earlier one that failed or was lost.
 *   OBSERVED_FLOOR      the node also raises its head to the index of the aggregate event it loaded (a floor against
 *                       trap b; not part of the proposed protocol, whose heads come only from durable sources).
 *   NO_LOOKUP           the reader does not look passed gaps up again after a batch (ADR 0006 without its fix).
 *   NO_REFRESH          broken: a node that loses a claim retries from the head it had (trap c: livelock).
 *   NOREADER            writers only (for the livelock check, pan -l).
 *   KEYS                idempotency keys (ADR 0074): commits 2 (node A) and 4 (node B) carry the same claim of one key,
 *                       as the late commit of a paused send and the commit of the send that took the key over do; the
 *                       server also enforces the unique claim. On a duplicate key the committer looks the member's
 *                       claim up first, whichever index the server named, and settles it as KEY_TAKEN.
 *   KEY_UNCHECKED       broken (with KEYS): the committer classifies a keyed member like any other (before ADR 0074):
 *                       a claim collision alone looks like a lost claim, beside a stream key like a conflict.
 *   SERVER_INDEX        ADR 0076 (proposed): after a lost claim, the node sends each member still pending as one
 *                       aggregation that reads the highest stored lastGlobalIndex where it lives and $merges the commit
 *                       right above it (whenMatched fail). The server runs it as two steps, the read and the insert,
 *                       and other inserts may run between them; one commit per command, in queue order.
 *   SLOW                the liveness scenario of ADR 0076 (a separate, smaller world, at the end of this file): a fast
 *                       node appending forever, a slow node with one pending commit, and a node that may die at any
 *                       step; checked with the ltl claims below (pan -a -f, weak fairness).
 *
 * Properties (choose with -D; run.sh checks one per verifier run):
 *   PROP_ORDER   the reader never delivers an aggregate's event n+1 before event n.
 *   PROP_NOSKIP  the reader never skips a stored commit unless its writer stalled past the gap timeout: an index the
 *                reader gave up on is only ever filled by a writer that already held it when the reader gave up, and
 *                every stored commit is delivered whole or was written by such a stalled writer.
 *   PROP_UNIQUE  no two stored commits share a global index.
 *   PROP_NOGAP   after the re-lookup of each batch the reader's token holds no gap: the gap timeout is never needed.
 *   PROP_KEY     (with KEYS) a keyed member refused while its claim's commit was stored is never reported as a
 *                concurrency conflict: it is told the outcome that landed. (A member refused before that commit
 *                landed stored nothing and may be; its key is then settled by the same lookup.)
 *   PROP_LIVE    a node that loses a claim learns a strictly higher head (each lost claim is another node's stored
 *                commit, so retries are bounded: no livelock). With -DNP and pan -l: no cycle without a stored commit.
 *
 * Time is abstracted: the reader may give up an open gap at any moment (an arbitrarily short gap timeout), after one
 * last look that finds the index empty. A writer that holds an index (has laid a commit out over it and not yet had
 * its insert run) at that moment is, by definition, a writer that stalled past the gap timeout.
 */

#define N     10    /* global indexes 1..N (bit i of an int) */
#define C     8     /* commit records 1..C: 1..4 appends, 5..8 their void commits (COUNTER) */
#define NW    2     /* writer nodes */

#define NONE  0
#define X     1
#define Y     2

#define bit(i) (1 << (i))

byte cfirst[C+1];
byte clast[C+1];
byte csize[C+1];
byte cagg[C+1];
byte cseq[C+1];
bool cstored[C+1];
bool cvoid[C+1];
bool ckey[C+1];       /* KEYS: carries the one idempotency claim of the scenario */
bool ktold[C+1];      /* KEYS: its sender was told the outcome that landed (KEY_TAKEN) */
bool ckrej[C+1];      /* KEYS: its claim was stored by another commit when the server rejected it */
bool cholding[C+1];   /* laid out over its indexes, insert not yet run */
bool cstalled[C+1];   /* held an index when the reader gave it up */
byte cdeliv[C+1];     /* events of the commit the reader delivered */

int  skipped;         /* indexes the reader gave up on */
byte counter;         /* COUNTER: the global sequence document */
byte top;             /* highest index any commit was ever laid out to (the reader need not look above) */
byte finished;            /* writer nodes finished */

/* r := the stored commit whose lastGlobalIndex is g (unique index), 0 if none */
inline withLast(g, r, k) {
  r = 0; k = 1;
  do
  :: k > C -> break
  :: k <= C ->
     if
     :: cstored[k] && clast[k] == g -> r = k
     :: else -> skip
     fi;
     k++
  od
}

/* r := a stored commit covering index g, 0 if none */
inline covering(g, r, k) {
  r = 0; k = 1;
  do
  :: k > C -> break
  :: k <= C ->
     if
     :: cstored[k] && cfirst[k] <= g && g <= clast[k] -> r = k
     :: else -> skip
     fi;
     k++
  od
}

/* m := the highest stored lastGlobalIndex (the head query: sort lastGlobalIndex descending, limit 1) */
inline highest(m, k) {
  m = 0; k = 1;
  do
  :: k > C -> break
  :: k <= C ->
     if
     :: cstored[k] && clast[k] > m -> m = clast[k]
     :: else -> skip
     fi;
     k++
  od
}

/* loading aggregate a: s := the next sequence number, o := lastGlobalIndex of the commit holding its latest event */
inline load(a, s, o, k) {
  s = 0; o = 0; k = 1;
  do
  :: k > C -> break
  :: k <= C ->
     if
     :: cstored[k] && !cvoid[k] && cagg[k] == a && cseq[k] + 1 > s -> s = cseq[k] + 1; o = clast[k]
     :: else -> skip
     fi;
     k++
  od
}

/* m := 1 when a stored commit other than c carries c's idempotency claim (the claim index), else 0 */
inline claimStored(c, m, k) {
  m = 0; k = 1;
  do
  :: k > C -> break
  :: k <= C ->
     if
     :: ckey[c] && k != c && cstored[k] && ckey[k] -> m = 1
     :: else -> skip
     fi;
     k++
  od
}

/* the server inserts commit c; res: 0 stored, 1 _id or lastGlobalIndex taken, 2 stream key taken, 4 claim taken */
inline insert(c, res, k) {
  atomic {
    assert(clast[c] <= N);
    res = 0; k = 1;
    do
    :: k > C -> break
    :: k <= C ->
       if
       :: cstored[k] && (cfirst[k] == cfirst[c] || clast[k] == clast[c]) -> res = 1
       :: else -> skip
       fi;
       if
       :: res == 0 && cstored[k] && !cvoid[k] && !cvoid[c] && cagg[c] != NONE && cagg[k] == cagg[c] && cseq[k] == cseq[c] ->
          res = 2
       :: else -> skip
       fi;
       k++
    od;
#ifdef KEYS
    claimStored(c, kk, k);
    ckrej[c] = kk;
    if
    :: res == 0 && kk -> res = 4
    :: res != 0 && kk -> if :: res = 4 :: skip fi   /* the server names one of the indexes the insert violates */
    :: else -> skip
    fi;
#endif
    if
    :: res == 0 ->
#ifdef PROP_UNIQUE
       k = 1;
       do
       :: k > C -> break
       :: k <= C -> assert(!(cstored[k] && cfirst[k] <= clast[c] && cfirst[c] <= clast[k])); k++
       od;
#endif
#ifdef PROP_NOSKIP
       k = cfirst[c];
       do
       :: k > clast[c] -> break
       :: k <= clast[c] -> assert(cvoid[c] || cstalled[c] || (skipped & bit(k)) == 0); k++
       od;
#endif
       cstored[c] = 1;
       if
       :: cvoid[c] -> printf("  server: void commit stored at [%d..%d]\n", cfirst[c], clast[c])
       :: else -> printf("  server: commit %d (%c#%d, %d events) stored at [%d..%d]\n", c, 87 + cagg[c], cseq[c], csize[c], cfirst[c], clast[c])
       fi
    :: res == 1 -> printf("  server: commit %d at [%d..%d] rejected, _id or lastGlobalIndex taken\n", c, cfirst[c], clast[c])
    :: res == 2 -> printf("  server: commit %d at [%d..%d] rejected, stream key %c#%d taken\n", c, cfirst[c], clast[c], 87 + cagg[c], cseq[c])
    :: res == 4 -> printf("  server: commit %d at [%d..%d] rejected, its idempotency claim is stored\n", c, cfirst[c], clast[c])
    fi;
    cholding[c] = 0
  }
}

/* the application thread loads the aggregate of commit c and prepares its events */
inline loadMember(c) {
  atomic {
    load(cagg[c], s, o, k);
    cseq[c] = s;
    printf("node %c loads %c: commit %d will hold %c#%d (latest event seen at index %d)\n", 64 + _pid, 87 + cagg[c], c, 87 + cagg[c], s, o);
#ifdef OBSERVED_FLOOR
    if
    :: o > head -> head = o   /* never lay out below an index seen for the aggregate (trap b) */
    :: else -> skip
    fi
#endif
  }
}

/* lay commit c out after index h, holding its indexes */
inline layOut(c, h) {
  d_step {
    cfirst[c] = h + 1; clast[c] = h + csize[c]; h = clast[c]; cholding[c] = 1;
    printf("node %c lays commit %d out at [%d..%d]\n", 64 + _pid, c, cfirst[c], clast[c]);
    if
    :: h > top -> top = h
    :: else -> skip
    fi
  }
}

/* a lost claim: ask for the highest stored lastGlobalIndex */
inline refresh() {
  atomic {
#ifdef SERVER_INDEX
    lost = 1;   /* the members still pending go through the server-computed index from now on */
#endif
    old = head;
#ifdef NO_REFRESH
    m = head;   /* broken: retries from the head it already had */
#else
    highest(m, k);
#endif
    if
    :: m > head -> head = m
    :: else -> skip
    fi;
    printf("node %c lost a claim; its head is now %d\n", 64 + _pid, head);
#if defined(PROP_LIVE) && !defined(PIPELINE)
    assert(head > old);
#endif
  }
}

/* the outcomes of the round as the node learns them; r1/r2 9: not run, 8: outcome unknown */
inline settle() {
  i = 0;
  do
  :: i == 2 -> break
  :: i < 2 ->
     if :: i == 0 -> c = m1; res = r1 :: else -> c = m2; res = r2 fi;
     kt = 0;
#if defined(KEYS) && !defined(KEY_UNCHECKED)
     /* a keyed member is looked up by its claim first, whichever unique index the server named */
     if
     :: (pend & bit(c)) && (res == 1 || res == 2 || res == 4) -> claimStored(c, kt, k)
     :: else -> skip
     fi;
#endif
     if
     :: (pend & bit(c)) && kt ->
        pend = pend & ~bit(c); ktold[c] = 1;   /* KEY_TAKEN: its caller is told the outcome that landed */
        printf("node %c: commit %d refused, its key's outcome landed\n", 64 + _pid, c)
     :: !(pend & bit(c)) -> skip
     :: (pend & bit(c)) && !kt && res == 0 ->
progress_stored:
        pend = pend & ~bit(c);
        if
        :: clast[c] > head -> head = clast[c]
        :: else -> skip
        fi
     :: (pend & bit(c)) && !kt && (res == 1 || res == 4) -> refresh()   /* laid out again in the next round */
     :: (pend & bit(c)) && !kt && res == 2 ->                      /* ConcurrencyException to its caller */
#ifdef PROP_KEY
        assert(!ckrej[c]);   /* its key's outcome had landed when it was refused: it must be told that outcome */
#endif
        pend = pend & ~bit(c)
     :: (pend & bit(c)) && !kt && res == 8 -> pend = pend & ~bit(c)  /* outcome unknown: an exception to its caller */
     :: (pend & bit(c)) && !kt && res == 9 -> skip                   /* not run: stays queued */
     fi;
     i++
  od;
  skip
}

#ifdef SERVER_INDEX
/* commit c through the server-computed index (ADR 0076); r: its outcome as settle() reads it */
inline serverIndex(c, r) {
  if
  :: skip ->
     atomic {
       highest(h, k);   /* the server's read: the highest stored lastGlobalIndex, on the primary, inside the command */
       cfirst[c] = h + 1; clast[c] = h + csize[c]; cholding[c] = 1;
       printf("node %c: the server lays commit %d out at [%d..%d]\n", 64 + _pid, c, cfirst[c], clast[c]);
       if :: clast[c] > top -> top = clast[c] :: else -> skip fi
     };
     insert(c, r, k);    /* the server's insert, a separate step */
#ifdef PROP_LIVE
     atomic {
       /* a lost merge means another commit was stored above the head the server read */
       highest(m, k);
       assert(r != 1 || m > h)
     };
#endif
     if
     :: skip                                  /* the answer arrives */
     :: r = 8                                 /* the connection dropped after the server ran it */
     fi
  :: cholding[c] = 0; r = 8                   /* the connection dropped before the server ran it */
  fi
}
#endif

/*
 * A writer node. Its members m1 and m2 are appended together (one group-commit round, queued m1 first) or one after
 * the other by one thread.
 */
proctype Node(byte m1; byte m2; bool together) {
  byte head = 0;       /* highest stored lastGlobalIndex this node knows */
  byte pend = 0;       /* queued members (bit per record) */
  byte step = 0;
  byte s, o, k, m, old, h, r1, r2, i, c, res;
  bool kk, kt;
#ifdef SERVER_INDEX
  bool lost = 0;       /* this round lost a claim: its pending members use the server-computed index */
#endif

  do
  :: step == 2 || (together && step == 1) -> break
  :: else ->
     if
     :: together -> loadMember(m1); loadMember(m2); pend = bit(m1) | bit(m2)
     :: !together && step == 0 -> loadMember(m1); pend = bit(m1)
     :: !together && step == 1 -> loadMember(m2); pend = bit(m2)
     fi;
     step++;
#ifdef SERVER_INDEX
     lost = 0;
#endif
#ifdef COUNTER
     /* one findOneAndUpdate $inc for the round, then one unordered insertMany */
     atomic {
       h = counter;
       if :: pend & bit(m1) -> layOut(m1, h) :: else -> skip fi;
       if :: pend & bit(m2) -> layOut(m2, h) :: else -> skip fi;
       counter = h;
       printf("node %c: counter now %d\n", 64 + _pid, counter)
     };
     r1 = 9; r2 = 9;
     if
     :: skip ->   /* sent: the server runs every member, in any order */
        do
        :: (pend & bit(m1)) && r1 == 9 -> insert(m1, r1, k)
        :: (pend & bit(m2)) && r2 == 9 -> insert(m2, r2, k)
        :: (!(pend & bit(m1)) || r1 != 9) && (!(pend & bit(m2)) || r2 != 9) -> break
        od;
        /* a rejected member's range is filled with a void commit, which may be lost too */
        if
        :: r1 == 2 -> cfirst[m1 + 4] = cfirst[m1]; clast[m1 + 4] = clast[m1];
           if :: insert(m1 + 4, o, k) :: skip fi
        :: else -> skip
        fi;
        if
        :: r2 == 2 -> cfirst[m2 + 4] = cfirst[m2]; clast[m2 + 4] = clast[m2];
           if :: insert(m2 + 4, o, k) :: skip fi
        :: else -> skip
        fi;
#ifdef PROP_UNIQUE
        assert(r1 != 1 && r2 != 1);   /* counter ranges never collide */
#endif
     :: skip ->   /* the connection dropped before the server ran the round */
        cholding[m1] = 0; cholding[m2] = 0
     fi;
     d_step { pend = 0; s = 0; o = 0; k = 0; h = 0; r1 = 0; r2 = 0 }
#else
     /* claim by insert: rounds until every member is stored, rejected or of unknown outcome */
     do
     :: pend == 0 -> break
#ifdef SERVER_INDEX
     :: pend != 0 && lost ->
        /*
         * one aggregation per pending member, in queue order: [$sort _id -1, $limit 1, $project the commit above the
         * head, $merge whenMatched fail]. The server reads the head (one step), then inserts (another step); inserts
         * of other nodes may run in between. Not a retryable write: a dropped connection is an unknown outcome.
         */
        r1 = 9; r2 = 9;
        if
        :: pend & bit(m1) -> serverIndex(m1, r1)
        :: else -> skip
        fi;
        if
        :: (pend & bit(m2)) && (r1 == 9 || r1 == 0) -> serverIndex(m2, r2)
        :: else -> skip
        fi;
        settle();
        d_step { s = 0; o = 0; k = 0; m = 0; old = 0; h = 0; r1 = 0; r2 = 0; i = 0; c = 0; res = 0; kk = 0; kt = 0 }
     :: pend != 0 && !lost ->
#else
     :: pend != 0 ->
#endif
        h = head;
        if :: pend & bit(m1) -> layOut(m1, h) :: else -> skip fi;
        if :: pend & bit(m2) -> layOut(m2, h) :: else -> skip fi;
#ifdef PIPELINE
        head = h;   /* broken: the next round is laid out after this one before its outcome is known */
#endif
        r1 = 9; r2 = 9;
#ifdef PIPELINE
        /* rounds in flight at once: each member is run in any order, or lost with its connection */
        do
        :: (pend & bit(m1)) && r1 == 9 ->
           if
           :: insert(m1, r1, k)
           :: atomic { cholding[m1] = 0; r1 = 8; printf("node %c: commit %d lost with its connection\n", 64 + _pid, m1) }
           fi
        :: (pend & bit(m2)) && r2 == 9 ->
           if
           :: insert(m2, r2, k)
           :: atomic { cholding[m2] = 0; r2 = 8; printf("node %c: commit %d lost with its connection\n", 64 + _pid, m2) }
           fi
        :: (!(pend & bit(m1)) || r1 != 9) && (!(pend & bit(m2)) || r2 != 9) -> break
        od;
        /* an answer may be lost although the server ran the insert */
        if :: r1 == 0 || r1 == 1 || r1 == 2 -> r1 = 8 :: skip fi;
        if :: r2 == 0 || r2 == 1 || r2 == 2 -> r2 = 8 :: skip fi;
#else
        /* one ordered insertMany: members in queue order, stopping at the first one rejected */
        if
        :: skip ->
           if :: pend & bit(m1) -> insert(m1, r1, k) :: else -> skip fi;
           if :: (pend & bit(m2)) && (r1 == 9 || r1 == 0) -> insert(m2, r2, k) :: else -> skip fi;
           cholding[m1] = 0; cholding[m2] = 0;
           if
           :: skip                  /* the answer arrives */
           :: r1 = 8; r2 = 8        /* the connection dropped after the server ran it: outcome unknown */
           fi
        :: cholding[m1] = 0; cholding[m2] = 0;
           r1 = 8; r2 = 8           /* the connection dropped before the server ran it: outcome unknown */
        fi;
#endif
        settle();
        d_step { s = 0; o = 0; k = 0; m = 0; old = 0; h = 0; r1 = 0; r2 = 0; i = 0; c = 0; res = 0; kk = 0; kt = 0 }
     od
#endif
  od;
  finished++
}

#ifndef NOREADER
/*
 * The streaming reader (TrackedEventCursor): a query for lastGlobalIndex above the token or in its gaps, read in
 * index order one position at a time (a cursor is not a snapshot), then the passed gaps looked up again, then
 * delivery in index order with the gap-aware token. A gap may be given up at any moment.
 */
proctype Reader() {
  byte tok = 0;
  int gaps = 0;
  int batch;
  byte p, c, k, hi, g, i;
  bool inbatch, fresh, fin;
  byte nextSeq[3];

  do
  :: true ->
     fin = (finished == NW);   /* every writer had finished before this query started */
     batch = 0; p = 1;
     do
     :: p > top -> break
     :: p <= top && (p > tok || (gaps & bit(p))) ->
        atomic { withLast(p, c, k); if :: c != 0 -> batch = batch | bit(c) :: else -> skip fi; p++ }
     :: p <= top && !(p > tok || (gaps & bit(p))) -> p++
     od;
     if
     :: batch == 0 && fin && gaps == 0 -> break
     :: batch == 0 && !(fin && gaps == 0) -> skip
     :: batch != 0 ->
        d_step {
          hi = 0; k = 1;
          do
          :: k > C -> break
          :: k <= C -> if :: (batch & bit(k)) && clast[k] > hi -> hi = clast[k] :: else -> skip fi; k++
          od;
          skip
        };
#ifndef NO_LOOKUP
        g = 1;
        do
        :: g >= hi -> break
        :: g < hi ->
           d_step {
             inbatch = 0; k = 1;
             do
             :: k > C -> break
             :: k <= C ->
                if :: (batch & bit(k)) && cfirst[k] <= g && g <= clast[k] -> inbatch = 1 :: else -> skip fi; k++
             od;
             skip
           };
           if
           :: !inbatch && (g > tok || (gaps & bit(g))) ->
              atomic { withLast(g, c, k); if :: c != 0 -> batch = batch | bit(c) :: else -> skip fi; g++ }
           :: else -> g++
           fi
        od;
        skip;
#endif
        d_step {
          i = 1;
          do
          :: i > N -> break
          :: i <= N ->
             c = 0; k = 1;
             do
             :: k > C -> break
             :: k <= C -> if :: (batch & bit(k)) && clast[k] == i -> c = k :: else -> skip fi; k++
             od;
             if
             :: c != 0 ->
                g = cfirst[c];
                do
                :: g > clast[c] -> break
                :: g <= clast[c] ->
                   fresh = 1;
                   if
                   :: g > tok ->
                      p = tok + 1;
                      do
                      :: p >= g -> break
                      :: p < g -> gaps = gaps | bit(p); p++
                      od;
                      tok = g
                   :: g <= tok && (gaps & bit(g)) -> gaps = gaps & ~bit(g)
                   :: else -> fresh = 0   /* delivered before */
                   fi;
                   if
                   :: fresh && !cvoid[c] ->
                      cdeliv[c]++;
                      if
                      :: g == cfirst[c] -> printf("reader delivers commit %d: %c#%d at index %d\n", c, 87 + cagg[c], cseq[c], g)
                      :: else -> printf("reader delivers commit %d: event at index %d\n", c, g)
                      fi;
                      if
                      :: g == cfirst[c] && cagg[c] != NONE ->
#ifdef PROP_ORDER
                         assert(cseq[c] >= nextSeq[cagg[c]]);
#endif
                         nextSeq[cagg[c]] = cseq[c] + 1
                      :: else -> skip
                      fi
                   :: else -> skip
                   fi;
                   g++
                od
             :: else -> skip
             fi;
             i++
          od;
          skip
        };
#ifdef PROP_NOGAP
        assert(gaps == 0);
#endif
        skip
     fi;
     d_step { batch = 0; p = 0; c = 0; k = 0; hi = 0; g = 0; i = 0; inbatch = 0; fresh = 0; fin = 0 }
  :: gaps != 0 ->
     /* the gap timeout of one open gap passes; one last look, then it is given up */
     g = 1;
     do
     :: g > N -> break
     :: g <= N && (gaps & bit(g)) -> break
     :: g <= N -> g++
     od;
     if
     :: g <= N ->
        atomic {
          covering(g, c, k);
          if
          :: c == 0 ->
             gaps = gaps & ~bit(g);
             skipped = skipped | bit(g);
             printf("reader gives up gap %d (gap timeout)\n", g);
             k = 1;
             do
             :: k > C -> break
             :: k <= C ->
                if :: cholding[k] && cfirst[k] <= g && g <= clast[k] -> cstalled[k] = 1 :: else -> skip fi; k++
             od
          :: else -> skip
          fi;
          g = 0; c = 0; k = 0
        }
     :: else -> g = 0
     fi
  od;
#ifdef PROP_NOSKIP
  k = 1;
  do
  :: k > C -> break
  :: k <= C -> assert(!cstored[k] || cvoid[k] || cdeliv[k] == csize[k] || cstalled[k]); k++
  od
#endif
}
#endif

#ifndef SLOW
init {
  atomic {
    /*
     * node A appends 1 (Y) and 2 (X, two events) in one round; node B appends 3 (two events), then 4, one of them to
     * X and the other to Y, in either order
     */
    cagg[1] = Y; csize[1] = 1;
    cagg[2] = X; csize[2] = 2;
    csize[3] = 2; csize[4] = 1;
    if
    :: cagg[3] = Y; cagg[4] = X
    :: cagg[3] = X; cagg[4] = Y
    fi;
    cvoid[5] = 1; cvoid[6] = 1; cvoid[7] = 1; cvoid[8] = 1;
#ifdef KEYS
    ckey[2] = 1; ckey[4] = 1;   /* node A's commit 2 and node B's commit 4: two sends of one key's claim */
#endif
    csize[5] = 0; csize[6] = 0; csize[7] = 0; csize[8] = 0;
    run Node(1, 2, 1);
    run Node(3, 4, 0);
#ifndef NOREADER
    run Reader()
#endif
  }
}
#endif

#ifdef SLOW
/*
 * The liveness scenario (ADR 0076): does every writer's pending commit get stored? A smaller world than the one
 * above, because a fast node appends forever: commits have one event, and only where an index is relative to the
 * highest stored one matters. Every insert that succeeds is stored at exactly highest + 1 (a layout is at some
 * node's head + 1, and a node's head is a stored boundary, so anything lower is taken), so the stored commits always
 * tile 1..highest and each node needs two bits: is its head the highest stored index, and is the index it laid its
 * commit out over still free (highest + 1)?
 *
 *   F   fast node: lays a commit out after its head, inserts it; a lost claim refreshes its head. Forever.
 *   S   slow node: one commit. Claims by insert (ADR 0070); with SERVER_INDEX, after its first lost claim its
 *       commit goes through the server-computed index: the server reads the head, then inserts above it, two steps.
 *       Slowness is the interleaving: any number of F's commits may run between S's layout and its insert.
 *   D   a node that appends one commit through the server-computed index and may die at any step, holding whatever
 *       it holds at that moment (here: nothing the others wait for).
 */
bool fHead = 1, fFree;   /* F: head is the highest stored index; its laid-out index is still free */
bool sHead = 1, sFree;
bool dHead = 1, dFree;
bool sDone;              /* S's commit is stored */
bool fStored;            /* toggled by each commit F stores */
bool sClean;             /* S's last command ran at the server with no other insert inside it */
byte sLost;              /* S's lost claims (saturates at 3) */
bool dDead;

/* a commit of node n is stored at highest + 1: every other node's head and laid-out index become stale */
inline storedBy(n) {
  if :: n != 1 -> fHead = 0; fFree = 0 :: else -> fHead = 1 fi;
  if :: n != 2 -> sHead = 0; sFree = 0 :: else -> sHead = 1 fi;
  if :: n != 3 -> dHead = 0; dFree = 0 :: else -> dHead = 1 fi
}

proctype Fast() {
  do
  :: atomic { fFree = fHead }                        /* lays out after its head and sends the insert */
     if
     :: atomic { fFree -> storedBy(1); fStored = !fStored; printf("F: stored a commit at the next index\n") }
     :: atomic { !fFree -> fHead = 1; printf("F: lost its claim, refreshes its head\n") }
     fi
  od
}

proctype Slow() {
  do
  :: sDone -> break
#ifdef SERVER_INDEX
  :: !sDone && sLost > 0 ->
     atomic { sFree = 1 };                           /* the server reads the head (step 1 of the command) */
     atomic {                                        /* the server inserts above it (step 2) */
       sClean = sFree;                               /* no insert ran between the two steps */
       if
       :: sFree -> storedBy(2); sDone = 1; printf("S: stored through the server-computed index\n")
       :: else -> if :: sLost < 3 -> sLost++ :: else -> skip fi; printf("S: merge lost, an insert ran inside it\n")
       fi
     }
  :: !sDone && sLost == 0 ->
#else
  :: !sDone ->
#endif
     atomic { sFree = sHead; printf("S: lays out after its head (fresh: %d)\n", sHead) }
     atomic {                                        /* its insert arrives, a slow round trip later */
       sClean = 1;                                   /* one insert is one step at the server */
       if
       :: sFree -> storedBy(2); sDone = 1; printf("S: stored\n")
       :: else -> if :: sLost < 3 -> sLost++ :: else -> skip fi; printf("S: lost its claim\n")
       fi
     };
     atomic { !sDone -> sHead = 1; printf("S: refreshes its head\n") }
  od
}

proctype Dying() {
  bool done = 0;
  do
  :: done -> break
  :: dDead = 1; break                                /* dies: stops wherever it is */
  :: !done ->
     atomic { dFree = 1 };                           /* the server reads the head */
     if
     :: dDead = 1                                    /* dies with its command at the server, which runs it */
     :: skip
     fi;
     atomic {
       if
       :: dFree -> storedBy(3); done = 1; printf("D: stored through the server-computed index\n")
       :: else -> done = dDead
       fi
     }
  od
}

init {
  atomic {
    run Fast();
    run Slow();
    run Dying()
  }
}

/*
 * slow: the slow node's commit is eventually stored, provided the server does not run another node's insert
 * inside one of the slow node's commands forever (infinitely often one of its commands ran clean).
 * fast: the fast node keeps storing.
 * unfair: the same as slow without the proviso (the server-internal race the proviso excludes).
 */
ltl slow { ([]<> sClean) -> <> sDone }
ltl fast { []<> fStored && []<> !fStored }
ltl unfair { <> sDone }
#endif
