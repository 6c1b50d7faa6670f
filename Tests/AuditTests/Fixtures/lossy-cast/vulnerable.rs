use anchor_lang::prelude::*;

#[program]
pub mod points {
    use super::*;
    pub fn record(ctx: Context<Record>, amount: u64, rate_bps: u16) -> Result<()> {
        let card = &mut ctx.accounts.card;
        card.points = amount as u32; // expect: lossy-cast
        card.fee = (amount as f64 * 0.003) as u64; // expect: lossy-cast
        card.rate_bps = rate_bps as u32;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Record<'info> {
    #[account(mut, has_one = owner)]
    pub card: Account<'info, Card>,
    pub owner: Signer<'info>,
}

#[account]
pub struct Card {
    pub owner: Pubkey,
    pub points: u32,
    pub fee: u64,
    pub rate_bps: u32,
}
